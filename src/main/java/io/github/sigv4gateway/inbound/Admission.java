package io.github.sigv4gateway.inbound;

import io.github.sigv4gateway.answers.GatewayAnswer;
import io.github.sigv4gateway.config.AllowedClient;
import io.github.sigv4gateway.config.RouteAccess;
import java.security.cert.X509Certificate;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Whether a request's client may use a route, and who it is. A key or token presented on a route that takes them
 * must be valid (else 401); then any allow entry met, by key, service account or certificate, lets the client in;
 * otherwise a route that takes keys or tokens asks for one (401), and one that takes certificates refuses (403).
 *
 * @param client who the client is, for the access log: {@code key:NAME}, a service account's subject, the
 *     certificate's identity, or {@code anonymous}
 * @param granted the bounded meter tag: the allow entry that let it in ({@code key:NAME} for a key), {@code
 *     anonymous} on an open route, or {@code refused}
 * @param refusal the answer when the client is refused, else {@code null}
 */
record Admission(String client, String granted, @Nullable GatewayAnswer refusal) {

    static final String ANONYMOUS = "anonymous";
    static final String REFUSED = "refused";
    static final String KEY_MISSING = "api-key-missing";
    static final String KEY_INVALID = "api-key-invalid";
    static final String TOKEN_MISSING = "token-missing";
    static final String TOKEN_INVALID = "token-invalid";
    static final String TOKEN_KEYS_UNAVAILABLE = "token-keys-unavailable";
    static final String CERTIFICATE_MISSING = "client-certificate-missing";
    static final String NOT_ALLOWED = "client-not-allowed";

    /**
     * @param token a service-account token the request presents (to a route that takes them), or {@code null}
     * @param account the token's service account when it is valid, else {@code null}
     */
    static Admission decide(
            String routeId,
            RouteAccess access,
            @Nullable ApiKeys keys,
            ServerHttpRequest request,
            @Nullable String token,
            @Nullable String account) {
        X509Certificate certificate = ClientCertificate.of(request);
        boolean takesKeys = keys != null && access.acceptsKeys();
        // A JWT in Authorization is a token, not a key.
        String presented = takesKeys && (token == null || !keys.bearer()) ? keys.presented(request.getHeaders()) : null;
        String keyName = presented == null ? null : keys.nameOf(presented);
        String client = keyName != null
                ? "key:" + keyName
                : account != null
                        ? account
                        : certificate != null ? printable(ClientCertificate.identity(certificate)) : ANONYMOUS;
        if (access.allow().isEmpty()) {
            return new Admission(client, ANONYMOUS, null);
        }
        if (token != null && account == null) {
            return refuse(
                    client, HttpStatus.UNAUTHORIZED, TOKEN_INVALID, "the service-account token is not valid", routeId);
        }
        if (presented != null && keyName == null) {
            return refuse(client, HttpStatus.UNAUTHORIZED, KEY_INVALID, "the API key is not valid", routeId);
        }
        for (AllowedClient entry : access.allow()) {
            boolean met = switch (entry.kind()) {
                case KEY -> keyName != null && (entry.any() || entry.value().equals(keyName));
                case SERVICE_ACCOUNT -> entry.value().equals(account);
                default -> certificate != null && ClientCertificate.matches(entry, certificate);
            };
            if (met) {
                // Key names are few and configured: the meter tells them apart. A certificate matched by
                // certificate:* could be any of many: the entry stands for all of them.
                return new Admission(client, entry.kind() == AllowedClient.Kind.KEY ? client : entry.entry(), null);
            }
        }
        boolean nothingPresented = presented == null && token == null;
        if (takesKeys && nothingPresented) {
            return refuse(client, HttpStatus.UNAUTHORIZED, KEY_MISSING, "an API key is required", routeId);
        }
        if (access.acceptsServiceAccounts() && nothingPresented) {
            return refuse(
                    client, HttpStatus.UNAUTHORIZED, TOKEN_MISSING, "a service-account token is required", routeId);
        }
        if (nothingPresented && certificate == null && access.acceptsCertificates()) {
            return refuse(
                    client, HttpStatus.FORBIDDEN, CERTIFICATE_MISSING, "a client certificate is required", routeId);
        }
        return refuse(client, HttpStatus.FORBIDDEN, NOT_ALLOWED, "the client is not allowed", routeId);
    }

    /** No token can be checked while the issuer's keys cannot be fetched: the client may try again. */
    static Admission keysUnavailable(String routeId) {
        return new Admission(
                ANONYMOUS,
                REFUSED,
                new GatewayAnswer(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        TOKEN_KEYS_UNAVAILABLE,
                        "the service-account issuer's keys cannot be fetched on route '" + routeId + "'",
                        routeId));
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
