package io.github.sigv4gateway.deploy;

import static io.github.sigv4gateway.deploy.Manifests.at;
import static io.github.sigv4gateway.deploy.Manifests.container;
import static io.github.sigv4gateway.deploy.Manifests.list;
import static io.github.sigv4gateway.deploy.Manifests.map;
import static io.github.sigv4gateway.deploy.Manifests.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.github.sigv4gateway.config.GatewayRoute;
import io.github.sigv4gateway.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart, linted and rendered by real Helm (helm-java's bundled library) for every
 * {@code helm/sigv4-gateway/ci/*-values.yaml} scenario; the rendered ConfigMap is bound and checked by the
 * gateway's own startup validation, so every scenario is known to start.
 */
class HelmChartIntegrationTests {

    static final Path CHART = Path.of("helm/sigv4-gateway");
    /** What EKS injects into a pod whose service account carries eks.amazonaws.com/role-arn. */
    static final Map<String, String> IRSA_ENV = Map.of(
            "AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/function-invoker",
            "AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/eks.amazonaws.com/serviceaccount/token");

    static Stream<String> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
            return files
                    .map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith("-values.yaml"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    static Manifests render(String scenario) {
        return new Manifests(new Helm(CHART)
                .template()
                .withName("gw")
                .withNamespace("apps")
                .withValuesFile(CHART.resolve("ci").resolve(scenario))
                .call());
    }

    @Test
    void chart_lintsCleanInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void scenarios_coverEveryMode() throws IOException {
        assertThat(scenarios().toList())
                .contains(
                        "default-values.yaml",
                        "irsa-values.yaml",
                        "sidecar-values.yaml",
                        "sidecar-native-values.yaml",
                        "full-values.yaml",
                        "multi-route-values.yaml",
                        "static-secret-values.yaml",
                        "metrics-values.yaml",
                        "secured-values.yaml");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyScenario_rendersAConfigTheGatewayAccepts_onPortsThePodDeclares(String scenario, @TempDir Path secrets) {
        Manifests manifests = render(scenario);
        // Files from mounted Secrets (secured-values.yaml) are made where the check can read them.
        GatewayConfigBinding config = GatewayConfigBinding.ofYaml(MountedFiles.materialize(manifests, secrets));
        List<GatewayRoute> routes = config.check(IRSA_ENV);
        assertThat(routes).as("routes bound from the ConfigMap").isNotEmpty();

        Map<String, Object> gateway = container(manifests.podSpec(), "sigv4-gateway");
        String managementName = scenario.startsWith("sidecar") ? "sigv4-mgmt" : "management";
        assertThat(port(gateway, managementName))
                .as("management port declared = the one the gateway binds")
                .isEqualTo(config.get("management.server.port", Integer.class).orElseThrow());
        if (!scenario.startsWith("sidecar")) {
            assertThat(port(gateway, "proxy"))
                    .isEqualTo(config.get("server.port", Integer.class).orElseThrow());
        }
        assertThat(at(gateway, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(gateway, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat(at(gateway, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(at(gateway, probe + ".httpGet.port")).as(probe).isEqualTo(managementName);
        }
        assertThat(at(gateway, "env")).asString().contains("SPRING_CONFIG_ADDITIONAL_LOCATION");
        assertThat(list(gateway, "volumeMounts"))
                .extracting(m -> m.get("mountPath"))
                .contains("/config", "/tmp");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyScenario_isHardenedByDefault(String scenario) {
        Manifests manifests = render(scenario);
        Map<String, Object> pod = manifests.podSpec();
        Map<String, Object> gateway = container(pod, "sigv4-gateway");
        Map<String, Object> security = map(gateway, "securityContext");
        assertThat(security)
                .containsEntry("runAsNonRoot", true)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(at(security, "capabilities.drop")).isEqualTo(List.of("ALL"));
        assertThat(at(security, "seccompProfile.type")).isEqualTo("RuntimeDefault");
        assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(at(gateway, "resources.limits.memory")).isNotNull();
        assertThat(at(gateway, "resources.requests.cpu")).isNotNull();
        assertThat((String) at(
                        map(map(manifests.one("Deployment"), "spec"), "template"),
                        "metadata.annotations.checksum/config"))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void checksumAnnotation_followsTheConfig() {
        Object one = at(
                map(map(render("default-values.yaml").one("Deployment"), "spec"), "template"), "metadata.annotations");
        Object other = at(
                map(map(render("multi-route-values.yaml").one("Deployment"), "spec"), "template"),
                "metadata.annotations");
        assertThat(((Map<?, ?>) one).get("checksum/config")).isNotEqualTo(((Map<?, ?>) other).get("checksum/config"));
    }

    @Test
    void irsa_annotatesTheServiceAccountThePodRunsAs() {
        Manifests manifests = render("irsa-values.yaml");
        Map<String, Object> account = manifests.one("ServiceAccount");
        assertThat(at(account, "metadata.annotations"))
                .isEqualTo(Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/function-invoker"));
        assertThat(manifests.podSpec().get("serviceAccountName")).isEqualTo(at(account, "metadata.name"));
        assertThat(GatewayConfigBinding.ofYaml(manifests.gatewayConfig())
                        .properties()
                        .getCredentials()
                        .get("default")
                        .getType()
                        .name())
                .isEqualTo("WEB_IDENTITY");
    }

    @Test
    void webIdentityWithoutIrsa_isRefusedByTheGatewaysCheck() {
        Manifests manifests = render("irsa-values.yaml");
        assertThatThrownBy(() ->
                        GatewayConfigBinding.ofYaml(manifests.gatewayConfig()).check(Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sigv4-gateway.credentials.default.token-file");
    }

    @Test
    void badValues_renderAConfigTheGatewaysCheckRefuses() {
        Manifests manifests = new Manifests(new Helm(CHART)
                .template()
                .withName("gw")
                .set("gateway.target", "ftp://nowhere")
                .call());
        assertThatThrownBy(() ->
                        GatewayConfigBinding.ofYaml(manifests.gatewayConfig()).check(IRSA_ENV))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sigv4-gateway.target = 'ftp://nowhere'");
    }

    @Test
    void full_rendersPdbHpaNetworkPolicyAndServiceMonitor_onTheRightPorts() {
        Manifests manifests = render("full-values.yaml");
        assertThat(at(manifests.one("PodDisruptionBudget"), "spec.minAvailable"))
                .isEqualTo(1);
        assertThat(at(manifests.one("HorizontalPodAutoscaler"), "spec.scaleTargetRef.name"))
                .isEqualTo(at(manifests.one("Deployment"), "metadata.name"));
        assertThat(map(manifests.one("Deployment"), "spec"))
                .as("the HPA owns replicas")
                .doesNotContainKey("replicas");

        List<Map<String, Object>> ingress = list(map(manifests.one("NetworkPolicy"), "spec"), "ingress");
        assertThat(ingress).hasSize(2);
        assertThat(at(list(ingress.get(0), "from").get(0), "podSelector.matchLabels"))
                .isEqualTo(Map.of("sigv4-gateway-client", "true"));
        assertThat(list(ingress.get(0), "ports")).extracting(p -> p.get("port")).containsExactly("proxy");
        assertThat(list(ingress.get(1), "ports")).extracting(p -> p.get("port")).containsExactly("management");

        Map<String, Object> endpoint =
                list(map(manifests.one("ServiceMonitor"), "spec"), "endpoints").get(0);
        assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/actuator/prometheus");
        List<Map<String, Object>> servicePorts = list(map(manifests.one("Service"), "spec"), "ports");
        assertThat(servicePorts).extracting(p -> p.get("name")).contains("proxy", "management");
        assertThat(servicePorts).extracting(p -> p.get("targetPort")).contains("proxy", "management");
    }

    @Test
    void default_rendersNoOptionalObjects_butTheNetworkPolicy() {
        Manifests manifests = render("default-values.yaml");
        for (String kind :
                List.of("PodDisruptionBudget", "HorizontalPodAutoscaler", "ServiceMonitor", "PrometheusRule")) {
            assertThat(manifests.find(kind)).as(kind).isEmpty();
        }
        assertThat(manifests.ofKind("ConfigMap"))
                .as("only the gateway's config, no dashboard")
                .singleElement()
                .satisfies(config -> assertThat(map(config, "data")).containsOnlyKeys("application.yaml"));
        assertThat(at(manifests.one("Deployment"), "spec.replicas")).isEqualTo(2);
        assertThat(at(manifests.one("NetworkPolicy"), "spec.ingress"))
                .as("standalone, only labelled clients reach the proxy port by default")
                .asString()
                .contains("sigv4-gateway-client");
    }

    @Test
    void metrics_rendersThePrometheusRuleAndTheDashboardConfigMap_besideTheServiceMonitor() {
        Manifests manifests = render("metrics-values.yaml");
        assertThat(manifests.one("ServiceMonitor")).isNotNull();
        assertThat(at(manifests.one("PrometheusRule"), "metadata.labels.release"))
                .isEqualTo("prometheus");
        assertThat(manifests.ofKind("ConfigMap")).anySatisfy(config -> {
            assertThat(at(config, "metadata.labels.grafana_dashboard")).isEqualTo("1");
            assertThat(at(config, "metadata.labels.grafana_folder")).isEqualTo("platform");
            assertThat(map(config, "data")).containsOnlyKeys("sigv4-gateway.json");
        });
    }

    @Test
    void staticSecret_isReadFromTheSecretIntoTheSdkChainVariables() {
        Map<String, Object> gateway =
                container(render("static-secret-values.yaml").podSpec(), "sigv4-gateway");
        assertThat(list(gateway, "env")).anySatisfy(env -> {
            assertThat(env.get("name")).isEqualTo("AWS_SECRET_ACCESS_KEY");
            assertThat(at(env, "valueFrom.secretKeyRef.name")).isEqualTo("invoker-keys");
        });
        assertThat(list(gateway, "env"))
                .noneMatch(env -> env.containsKey("value")
                        && String.valueOf(env.get("value")).contains("SECRET"));
    }

    @Test
    void sidecar_putsTheGatewayBesideTheApp_onLoopback_withAProxyPortUnlikelyToClash() {
        Manifests manifests = render("sidecar-values.yaml");
        Map<String, Object> pod = manifests.podSpec();
        assertThat(list(pod, "containers"))
                .extracting(c -> c.get("name"))
                .containsExactly("legacy-app", "sigv4-gateway");
        GatewayConfigBinding config = GatewayConfigBinding.ofYaml(manifests.gatewayConfig());
        assertThat(config.get("server.address", String.class)).contains("127.0.0.1");
        assertThat(config.get("server.port", Integer.class)).contains(18080);
        assertThat(config.get("management.server.address", String.class))
                .as("probes come from the kubelet")
                .isEmpty();
        assertThat(list(container(pod, "sigv4-gateway"), "ports"))
                .extracting(p -> p.get("containerPort"))
                .as("the loopback proxy port is not a pod port")
                .doesNotContain(18080);
        assertThat(manifests.find("NetworkPolicy")).isEmpty();
        assertThat(list(map(manifests.one("Service"), "spec"), "ports"))
                .extracting(p -> p.get("targetPort"))
                .containsExactly("http");
    }

    @Test
    void nativeSidecar_runsAsARestartableInitContainer() {
        Map<String, Object> pod = render("sidecar-native-values.yaml").podSpec();
        assertThat(list(pod, "containers")).extracting(c -> c.get("name")).containsExactly("legacy-app");
        assertThat(list(pod, "initContainers"))
                .singleElement()
                .satisfies(c ->
                        assertThat(c).containsEntry("name", "sigv4-gateway").containsEntry("restartPolicy", "Always"));
    }
}
