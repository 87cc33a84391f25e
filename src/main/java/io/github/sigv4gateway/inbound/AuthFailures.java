package io.github.sigv4gateway.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the clients refused for who they are, by route and reason ({@code api-key-missing}, {@code api-key-invalid},
 * {@code client-certificate-missing}, {@code client-not-allowed}): both tags come from configuration and fixed sets.
 */
final class AuthFailures {

    static final String NAME = "sigv4.gateway.auth.failures";

    private final MeterRegistry registry;

    AuthFailures(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String routeId, String reason) {
        Counter.builder(NAME)
                .description("Requests refused because the client was not authenticated or not allowed, by reason")
                .tag("route", routeId)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
