package io.github.sigv4gateway.config;

import java.util.List;
import java.util.Set;

/**
 * Who and what may call a route, validated: the allowed clients (empty: anyone), the methods served (empty: all) and
 * the requests forwarded at once (0: no limit).
 *
 * @param allow allowed clients, any of them passing
 * @param methods upper-case method names served
 * @param maxConcurrent requests forwarded at once, 0 for no limit
 */
public record RouteAccess(List<AllowedClient> allow, Set<String> methods, int maxConcurrent) {

    /** A route open to anyone, any method, any number of requests. */
    public static final RouteAccess OPEN = new RouteAccess(List.of(), Set.of(), 0);

    /** Whether nothing is restricted. */
    public boolean open() {
        return allow.isEmpty() && methods.isEmpty() && maxConcurrent == 0;
    }

    /** Whether an API key can let a client in. */
    public boolean acceptsKeys() {
        return allow.stream().anyMatch(client -> client.kind() == AllowedClient.Kind.KEY);
    }

    /** Whether a service-account token can let a client in. */
    public boolean acceptsServiceAccounts() {
        return allow.stream().anyMatch(client -> client.kind() == AllowedClient.Kind.SERVICE_ACCOUNT);
    }

    /** Whether a client certificate can let a client in. */
    public boolean acceptsCertificates() {
        return allow.stream().anyMatch(client -> client.kind().byCertificate());
    }
}
