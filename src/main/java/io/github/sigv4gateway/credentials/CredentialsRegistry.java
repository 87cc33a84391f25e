package io.github.sigv4gateway.credentials;

import io.github.sigv4gateway.config.CredentialsProperties;
import io.github.sigv4gateway.config.CredentialsType;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Every credentials entry routes use, each behind its refreshing cache. {@link #start()} fetches all of them on
 * the calling thread (before the gateway reports ready), then refreshes run on a small daemon scheduler.
 */
public final class CredentialsRegistry implements AutoCloseable {

    /** The entry used when a route names none; absent from configuration, it is the SDK default chain. */
    public static final String DEFAULT_ENTRY = "default";

    private final Map<String, CachedCredentials> entries = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler;

    public CredentialsRegistry(Map<String, CredentialsProperties> configured, Set<String> used,
            CredentialsProviderFactory factory, Clock clock, CachedCredentials.RefreshListener listener) {
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "sigv4-credentials-refresh-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (String name : used) {
            CredentialsProperties entry = configured.get(name);
            if (entry == null) {
                entry = new CredentialsProperties();
                entry.setType(CredentialsType.DEFAULT_CHAIN);
            }
            AwsCredentialsProvider provider = factory.create(name, entry);
            entries.put(name, new CachedCredentials(name, provider, entry.getRefreshBeforeExpiry(),
                    entry.getType() == CredentialsType.DEFAULT_CHAIN, clock, listener));
        }
    }

    /** Fetches every entry once, then keeps them fresh in the background. */
    public void start() {
        entries.values().forEach(e -> e.loadAndSchedule(scheduler));
    }

    /** The identity for {@code entry} now, or empty when it has none valid. Never blocks. */
    public Optional<AwsCredentialsIdentity> current(String entry) {
        CachedCredentials cached = entries.get(entry);
        return cached == null ? Optional.empty() : cached.current();
    }

    public Collection<CachedCredentials> entries() {
        return entries.values();
    }

    public Optional<CachedCredentials> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
