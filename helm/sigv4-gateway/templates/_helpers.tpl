{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "sigv4-gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full release name. */}}
{{- define "sigv4-gateway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "sigv4-gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sigv4-gateway.labels" -}}
helm.sh/chart: {{ include "sigv4-gateway.chart" . }}
{{ include "sigv4-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "sigv4-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sigv4-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "sigv4-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sigv4-gateway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "sigv4-gateway.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The gateway's application.yaml. `sigv4-gateway` keys come from .Values.gateway; in sidecar mode the proxy binds to
127.0.0.1 so only containers of the same pod reach it.
*/}}
{{- define "sigv4-gateway.config" -}}
{{- $gateway := dict }}
{{- range $key, $value := .Values.gateway.extra }}
{{- $_ := set $gateway $key $value }}
{{- end }}
{{- with .Values.gateway.target }}{{ $_ := set $gateway "target" . }}{{ end }}
{{- with .Values.gateway.region }}{{ $_ := set $gateway "region" . }}{{ end }}
{{- with .Values.gateway.service }}{{ $_ := set $gateway "service" . }}{{ end }}
{{- with .Values.gateway.routes }}{{ $_ := set $gateway "routes" . }}{{ end }}
{{- with .Values.gateway.credentials }}{{ $_ := set $gateway "credentials" . }}{{ end }}
{{- if not .Values.sidecar.enabled }}
{{- include "sigv4-gateway.inboundConfig" (dict "gateway" $gateway "inbound" .Values.inbound) }}
{{- end }}
{{- $config := dict "sigv4-gateway" $gateway }}
{{- if .Values.sidecar.enabled }}
{{- $_ := set $config "server" (dict "address" "127.0.0.1" "port" .Values.sidecar.port) }}
{{- $_ := set $config "management" (dict "server" (dict "port" .Values.sidecar.managementPort)) }}
{{- else }}
{{- $_ := set $config "server" (dict "port" .Values.ports.proxy) }}
{{- $_ := set $config "management" (dict "server" (dict "port" .Values.ports.management)) }}
{{- end }}
{{- $grace := printf "%ds" (int .Values.lifecycle.shutdownGraceSeconds) }}
{{- $_ := set $config "spring" (dict "lifecycle" (dict "timeout-per-shutdown-phase" $grace)) }}
{{- toYaml $config }}
{{- end }}

{{/*
The inbound keys from the Secrets the pod mounts (inbound in values.yaml), added to the gateway's keys. Arguments:
a dict with "gateway" (the keys under sigv4-gateway, changed in place) and "inbound" (.Values.inbound).
*/}}
{{- define "sigv4-gateway.inboundConfig" -}}
{{- $gateway := .gateway }}
{{- $inbound := .inbound }}
{{- if and $inbound.clientCa.secretName (not $inbound.tls.secretName) }}
{{- fail "inbound.clientCa.secretName needs inbound.tls.secretName: client certificates are asked for in the TLS handshake" }}
{{- end }}
{{- if $inbound.tls.secretName }}
{{- $tls := dict "certificate" "/etc/sigv4-gateway/tls/tls.crt" "private-key" "/etc/sigv4-gateway/tls/tls.key" }}
{{- if $inbound.clientCa.secretName }}
{{- $_ := set $tls "client-ca" (printf "/etc/sigv4-gateway/client-ca/%s" $inbound.clientCa.key) }}
{{- $_ := set $tls "client-auth" $inbound.clientCa.clientAuth }}
{{- end }}
{{- $server := deepCopy (get $gateway "server" | default dict) }}
{{- $_ := set $server "tls" $tls }}
{{- $_ := set $gateway "server" $server }}
{{- end }}
{{- if $inbound.apiKeys.secretName }}
{{- $keys := dict "file" (printf "/etc/sigv4-gateway/api-keys/%s" $inbound.apiKeys.key) }}
{{- with $inbound.apiKeys.header }}{{ $_ := set $keys "header" . }}{{ end }}
{{- $_ := set $gateway "api-keys" $keys }}
{{- end }}
{{- with $inbound.serviceAccountTokens }}
{{- if or .issuer .jwkSetUri }}
{{- $_ := set $gateway "service-account-tokens" (dict "issuer" .issuer "jwk-set-uri" .jwkSetUri "audience" .audience) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The pod's terminationGracePeriodSeconds: lifecycle.terminationGracePeriodSeconds, or long enough for the preStop
sleep, the gateway's grace and its exit. Arguments: the chart's root context (from a parent chart:
index .Subcharts "sigv4-gateway").
*/}}
{{- define "sigv4-gateway.terminationGracePeriodSeconds" -}}
{{- $needed := add (int .Values.lifecycle.preStopSleepSeconds) (int .Values.lifecycle.shutdownGraceSeconds) }}
{{- $set := .Values.lifecycle.terminationGracePeriodSeconds }}
{{- if kindIs "invalid" $set }}
{{- add $needed 5 }}
{{- else if lt (int $set) (int $needed) }}
{{- fail (printf "lifecycle.terminationGracePeriodSeconds (%d) must be at least lifecycle.preStopSleepSeconds + lifecycle.shutdownGraceSeconds (%d): Kubernetes kills the gateway at that deadline" (int $set) (int $needed)) }}
{{- else }}
{{- int $set }}
{{- end }}
{{- end }}

{{/* The management port's name: "management" standalone, a prefixed name beside an app's own ports. */}}
{{- define "sigv4-gateway.managementPortName" -}}
{{- if .Values.sidecar.enabled }}sigv4-mgmt{{ else }}management{{ end }}
{{- end }}

{{/*
The gateway container. Used by the standalone Deployment and, as "sigv4-gateway.sidecarContainer", beside an app.
Arguments: the chart's root context (from a parent chart: index .Subcharts "sigv4-gateway").
*/}}
{{- define "sigv4-gateway.container" -}}
{{- $management := include "sigv4-gateway.managementPortName" . -}}
- name: sigv4-gateway
  image: {{ include "sigv4-gateway.image" . }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  {{- if and .Values.sidecar.enabled .Values.sidecar.native }}
  restartPolicy: Always
  {{- end }}
  env:
    - name: SPRING_CONFIG_ADDITIONAL_LOCATION
      value: /config/
    {{- with .Values.javaToolOptions }}
    - name: JAVA_TOOL_OPTIONS
      value: {{ . | quote }}
    {{- end }}
    {{- with .Values.logFormat }}
    - name: LOGGING_STRUCTURED_FORMAT_CONSOLE
      value: {{ . | quote }}
    {{- end }}
    {{- with .Values.staticCredentials.existingSecret }}
    - name: AWS_ACCESS_KEY_ID
      valueFrom:
        secretKeyRef:
          name: {{ . }}
          key: {{ $.Values.staticCredentials.accessKeyIdKey }}
    - name: AWS_SECRET_ACCESS_KEY
      valueFrom:
        secretKeyRef:
          name: {{ . }}
          key: {{ $.Values.staticCredentials.secretAccessKeyKey }}
    {{- if $.Values.staticCredentials.sessionTokenKey }}
    - name: AWS_SESSION_TOKEN
      valueFrom:
        secretKeyRef:
          name: {{ . }}
          key: {{ $.Values.staticCredentials.sessionTokenKey }}
    {{- end }}
    {{- end }}
    {{- with .Values.extraEnv }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with .Values.envFrom }}
  envFrom:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  ports:
    {{- if not .Values.sidecar.enabled }}
    - name: proxy
      containerPort: {{ .Values.ports.proxy }}
      protocol: TCP
    {{- end }}
    {{- /* In sidecar mode the proxy listens on 127.0.0.1 only, so it is not declared as a pod port. */}}
    - name: {{ $management }}
      containerPort: {{ if .Values.sidecar.enabled }}{{ .Values.sidecar.managementPort }}{{ else }}{{ .Values.ports.management }}{{ end }}
      protocol: TCP
  livenessProbe:
    httpGet:
      path: /actuator/health/liveness
      port: {{ $management }}
    {{- toYaml .Values.livenessProbe | nindent 4 }}
  readinessProbe:
    httpGet:
      path: /actuator/health/readiness
      port: {{ $management }}
    {{- toYaml .Values.readinessProbe | nindent 4 }}
  startupProbe:
    httpGet:
      path: /actuator/health/liveness
      port: {{ $management }}
    {{- toYaml .Values.startupProbe | nindent 4 }}
  {{- with .Values.lifecycle.preStopSleepSeconds }}
  {{- /* Kubernetes sends SIGTERM once the hook returns (see lifecycle in values.yaml). */}}
  lifecycle:
    preStop:
      exec:
        command: ["sleep", "{{ int . }}"]
  {{- end }}
  securityContext:
    {{- toYaml .Values.securityContext | nindent 4 }}
  resources:
    {{- toYaml .Values.resources | nindent 4 }}
  volumeMounts:
    - name: sigv4-gateway-config
      mountPath: /config
      readOnly: true
    - name: sigv4-gateway-tmp
      mountPath: /tmp
    {{- if not .Values.sidecar.enabled }}
    {{- /* Whole Secrets, never subPath: the kubelet updates only whole mounts, and renewals must reach the pod. */}}
    {{- if .Values.inbound.tls.secretName }}
    - name: sigv4-gateway-tls
      mountPath: /etc/sigv4-gateway/tls
      readOnly: true
    {{- end }}
    {{- if .Values.inbound.clientCa.secretName }}
    - name: sigv4-gateway-client-ca
      mountPath: /etc/sigv4-gateway/client-ca
      readOnly: true
    {{- end }}
    {{- if .Values.inbound.apiKeys.secretName }}
    - name: sigv4-gateway-api-keys
      mountPath: /etc/sigv4-gateway/api-keys
      readOnly: true
    {{- end }}
    {{- end }}
{{- end }}

{{/*
The gateway as a sidecar container, bound to 127.0.0.1:sidecar.port (sidecar.enabled must be true, which also
makes the ConfigMap bind there). Include it, with "sigv4-gateway.volumes", in a pod template next to your app:
under initContainers when sidecar.native is true, else under containers.
*/}}
{{- define "sigv4-gateway.sidecarContainer" -}}
{{- if not .Values.sidecar.enabled }}
{{- fail "sigv4-gateway.sidecarContainer needs sidecar.enabled=true" }}
{{- end }}
{{- include "sigv4-gateway.container" . }}
{{- end }}

{{/* The volumes the gateway container mounts: its config and a writable /tmp. */}}
{{- define "sigv4-gateway.volumes" -}}
- name: sigv4-gateway-config
  configMap:
    name: {{ include "sigv4-gateway.fullname" . }}
- name: sigv4-gateway-tmp
  emptyDir:
    sizeLimit: 64Mi
{{- if not .Values.sidecar.enabled }}
{{- with .Values.inbound.tls.secretName }}
- name: sigv4-gateway-tls
  secret:
    secretName: {{ . }}
{{- end }}
{{- with .Values.inbound.clientCa.secretName }}
- name: sigv4-gateway-client-ca
  secret:
    secretName: {{ . }}
{{- end }}
{{- with .Values.inbound.apiKeys.secretName }}
- name: sigv4-gateway-api-keys
  secret:
    secretName: {{ . }}
{{- end }}
{{- end }}
{{- end }}
