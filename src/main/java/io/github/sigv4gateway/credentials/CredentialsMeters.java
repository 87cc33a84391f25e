package io.github.sigv4gateway.credentials;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The credentials entries' meters: refresh attempts by entry and outcome, and seconds until each entry's cached
 * credentials expire. Refreshes are counted from the first fetch, which may run before a meter registry is bound:
 * whichever comes second, the entries or a registry, registers the meters (registering is idempotent).
 */
public final class CredentialsMeters implements MeterBinder, CachedCredentials.RefreshListener {

    static final String REFRESHES = "sigv4.gateway.credentials.refreshes";
    static final String EXPIRY = "sigv4.gateway.credentials.expiry";

    private final Map<RefreshKey, AtomicLong> refreshes = new ConcurrentHashMap<>();
    private final Clock clock;
    private final List<MeterRegistry> bound = new CopyOnWriteArrayList<>();
    private volatile @Nullable CredentialsRegistry registry;

    private record RefreshKey(String entry, String outcome) {}

    public CredentialsMeters(Clock clock) {
        this.clock = clock;
    }

    /** The entries whose expiry is published; set once the registry exists (it reports refreshes to this). */
    void watch(CredentialsRegistry registry) {
        for (CachedCredentials entry : registry.entries()) {
            counter(entry.name(), "success");
            counter(entry.name(), "failure");
        }
        this.registry = registry;
        bound.forEach(this::register);
    }

    @Override
    public void refreshed(String entry, boolean success, @Nullable String failure) {
        counter(entry, success ? "success" : "failure").incrementAndGet();
    }

    private AtomicLong counter(String entry, String outcome) {
        return refreshes.computeIfAbsent(new RefreshKey(entry, outcome), key -> new AtomicLong());
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        bound.add(meters);
        register(meters);
    }

    private void register(MeterRegistry meters) {
        CredentialsRegistry registry = this.registry;
        refreshes.forEach((key, count) -> FunctionCounter.builder(REFRESHES, count, AtomicLong::get)
                .description("Credential refresh attempts, by credentials entry and outcome")
                .tag("entry", key.entry())
                .tag("outcome", key.outcome())
                .register(meters));
        if (registry != null) {
            registry.entries()
                    .forEach(entry -> Gauge.builder(EXPIRY, () -> secondsUntilExpiry(entry))
                            .description("Seconds until the cached credentials of an entry expire")
                            .baseUnit("seconds")
                            .tag("entry", entry.name())
                            .register(meters));
        }
    }

    /** 0 when none are held, +Inf for long-term keys. */
    private double secondsUntilExpiry(CachedCredentials entry) {
        CredentialsState state = entry.state();
        if (state.identity() == null) {
            return 0;
        }
        if (state.expiry() == null) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(0, Duration.between(clock.instant(), state.expiry()).toMillis() / 1000.0);
    }
}
