package io.github.sigv4gateway.credentials;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness from the credentials caches: UP when every entry holds unexpired credentials. Computed from cached
 * state only, so a probe never calls STS; details name entries and expiry, never keys.
 */
public final class CredentialsHealthIndicator implements HealthIndicator {

    private final CredentialsRegistry registry;
    private final Clock clock;

    public CredentialsHealthIndicator(CredentialsRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        boolean allValid = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (CachedCredentials entry : registry.entries()) {
            CredentialsState state = entry.state();
            boolean valid = !state.isExpired(now);
            allValid &= valid;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("status", valid ? "UP" : "DOWN");
            if (state.expiry() != null) {
                d.put("expiresAt", state.expiry().toString());
            }
            if (state.lastFailure() != null) {
                d.put("lastFailure", state.lastFailure());
            }
            details.put(entry.name(), d);
        }
        return (allValid ? Health.up() : Health.down()).withDetails(details).build();
    }
}
