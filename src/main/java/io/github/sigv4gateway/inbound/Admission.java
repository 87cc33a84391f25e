package io.github.sigv4gateway.inbound;

import io.github.sigv4gateway.answers.GatewayAnswer;
import io.github.sigv4gateway.config.AllowedClient;
import io.github.sigv4gateway.config.RouteAccess;
import java.security.cert.X509Certificate;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Whether a request's client may use a route, and who it is. A key presented on a route that takes keys must be
 * valid (else 401); then any allow entry met, by key or by certificate, lets the client in; otherwise a route that
 * takes keys asks for one (401), and one that takes certificates refuses (403).
 *
 * @param client who the client is, for the access log: {@code key:NAME}, the certificate's identity, or
 *     {@code anonymous}
 * @param granted the bounded meter tag: the allow entry that let it in ({@code key:NAME} for a key), {@code
 *     anonymous} on an open route, or {@code refused}
 * @param refusal the answer when the client is refused, else {@code null}
 */
record Admission(String client, String granted, @Nullable GatewayAnswer refusal) {

    static final String ANONYMOUS = "anonymous";
    static final String REFUSED = "refused";
    static final String KEY_MISSING = "api-key-missing";
    static final String KEY_INVALID = "api-key-invalid";
    static final String CERTIFICATE_MISSING = "client-certificate-missing";
    static final String NOT_ALLOWED = "client-not-allowed";

    static Admission decide(String routeId, RouteAccess access, @Nullable ApiKeys keys, ServerHttpRequest request) {
        X509Certificate certificate = ClientCertificate.of(request);
        boolean takesKeys = keys != null && access.acceptsKeys();
        String presented = takesKeys ? keys.presented(request.getHeaders()) : null;
        String keyName = presented == null ? null : keys.nameOf(presented);
        String client = keyName != null
                ? "key:" + keyName
                : certificate != null ? printable(ClientCertificate.identity(certificate)) : ANONYMOUS;
        if (access.allow().isEmpty()) {
            return new Admission(client, ANONYMOUS, null);
        }
        if (presented != null && keyName == null) {
            return refuse(client, HttpStatus.UNAUTHORIZED, KEY_INVALID, "the API key is not valid", routeId);
        }
        for (AllowedClient entry : access.allow()) {
            boolean met = entry.kind() == AllowedClient.Kind.KEY
                    ? keyName != null && (entry.any() || entry.value().equals(keyName))
                    : certificate != null && ClientCertificate.matches(entry, certificate);
            if (met) {
                // Key names are few and configured: the meter tells them apart. A certificate matched by
                // certificate:* could be any of many: the entry stands for all of them.
                return new Admission(client, entry.kind() == AllowedClient.Kind.KEY ? client : entry.entry(), null);
            }
        }
        if (takesKeys && presented == null) {
            return refuse(client, HttpStatus.UNAUTHORIZED, KEY_MISSING, "an API key is required", routeId);
        }
        if (keyName == null && certificate == null && access.acceptsCertificates()) {
            return refuse(
                    client, HttpStatus.FORBIDDEN, CERTIFICATE_MISSING, "a client certificate is required", routeId);
        }
        return refuse(client, HttpStatus.FORBIDDEN, NOT_ALLOWED, "the client is not allowed", routeId);
    }

    /** One token in the access log's {@code key=value} line: spaces, controls and {@code %} percent-encoded. */
    static String printable(String identity) {
        StringBuilder out = new StringBuilder(identity.length());
        for (int i = 0; i < identity.length(); i++) {
            char c = identity.charAt(i);
            if (c <= ' ' || c == '%' || c == 0x7f) {
                out.append('%').append(String.format("%02X", (int) c & 0xff));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Admission refuse(String client, HttpStatus status, String reason, String what, String routeId) {
        return new Admission(
                client, REFUSED, new GatewayAnswer(status, reason, what + " on route '" + routeId + "'", routeId));
    }
}
