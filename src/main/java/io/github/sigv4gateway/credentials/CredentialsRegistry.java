package io.github.sigv4gateway.credentials;

import io.github.sigv4gateway.config.CredentialsProperties;
import io.github.sigv4gateway.config.CredentialsType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Every credentials entry in use, each behind its refreshing cache, sources before the entries built on them.
 * {@link #start()} fetches all of them on the calling thread (before the gateway reports ready); refreshes then run
 * on a small daemon scheduler, never on a request thread.
 */
public final class CredentialsRegistry implements AutoCloseable {

    /** The entry used when a route names none; absent from configuration, it is the SDK default chain. */
    public static final String DEFAULT_ENTRY = "default";

    private final Map<String, CachedCredentials> entries = new LinkedHashMap<>();
    private final Map<String, CredentialsProperties> configured;
    private final CredentialsProviderFactory factory;
    private final Clock clock;
    private final CachedCredentials.RefreshListener listener;
    private final ScheduledExecutorService scheduler;
    private final List<CallerIdentity> identityChecks = new ArrayList<>();

    public CredentialsRegistry(
            Map<String, CredentialsProperties> configured,
            Set<String> used,
            CredentialsProviderFactory factory,
            Clock clock,
            CachedCredentials.RefreshListener listener) {
        this.configured = configured;
        this.factory = factory;
        this.clock = clock;
        this.listener = listener;
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "sigv4-credentials-refresh-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        used.forEach(this::add);
    }

    private CachedCredentials add(String name) {
        CachedCredentials existing = entries.get(name);
        if (existing != null) {
            return existing;
        }
        CredentialsProperties entry = configured.get(name);
        if (entry == null) {
            entry = new CredentialsProperties();
            entry.setType(CredentialsType.DEFAULT_CHAIN);
        }
        AwsCredentialsProvider provider = factory.create(name, entry, this::sourceProvider);
        CallerIdentity callerIdentity = factory.callerIdentity(entry);
        identityChecks.add(callerIdentity);
        CachedCredentials cached = new CachedCredentials(
                name,
                provider,
                entry.getRefreshBeforeExpiry(),
                entry.getType() == CredentialsType.DEFAULT_CHAIN,
                clock,
                listener,
                callerIdentity);
        entries.put(name, cached);
        return cached;
    }

    /** A source is read from its own cache, so a chain calls STS once per refresh of each link. */
    private AwsCredentialsProvider sourceProvider(@Nullable String source) {
        if (source == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return add(source).asProvider();
    }

    /** Fetches every entry once, sources first, then keeps them fresh in the background. */
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
        identityChecks.forEach(CallerIdentity::close);
    }
}
