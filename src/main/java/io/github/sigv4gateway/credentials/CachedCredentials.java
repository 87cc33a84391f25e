package io.github.sigv4gateway.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * One credentials entry: the SDK provider behind it and the identity it last gave. Requests read the cached
 * identity and never wait; refreshes run on the shared refresh scheduler, one at a time per entry, ahead of expiry,
 * retried with backoff on failure while the cached identity still serves. Each load logs one line naming the
 * identity that now signs: the masked access key id and, from {@link CallerIdentity}, its account and ARN.
 */
public final class CachedCredentials {

    private static final Logger log = LoggerFactory.getLogger(CachedCredentials.class);
    private static final Duration MIN_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration NON_EXPIRING_RECHECK = Duration.ofHours(1);

    private final String name;
    private final AwsCredentialsProvider provider;
    private final Duration refreshBeforeExpiry;
    private final boolean refreshesWithoutExpiry;
    private final Clock clock;
    private final RefreshListener listener;
    private final CallerIdentity callerIdentity;
    private final AtomicReference<CredentialsState> state = new AtomicReference<>(CredentialsState.empty());
    private int consecutiveFailures;

    CachedCredentials(
            String name,
            AwsCredentialsProvider provider,
            Duration refreshBeforeExpiry,
            boolean refreshesWithoutExpiry,
            Clock clock,
            RefreshListener listener,
            CallerIdentity callerIdentity) {
        this.name = name;
        this.provider = provider;
        this.refreshBeforeExpiry = refreshBeforeExpiry;
        this.refreshesWithoutExpiry = refreshesWithoutExpiry;
        this.clock = clock;
        this.listener = listener;
        this.callerIdentity = callerIdentity;
    }

    public String name() {
        return name;
    }

    /** The identity to sign with now, or empty when none is held or it has expired. Never blocks. */
    public Optional<AwsCredentialsIdentity> current() {
        CredentialsState s = state.get();
        if (s.identity() == null || s.isExpired(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(s.identity());
    }

    /** This cache as an SDK provider, for entries that call STS with this entry's keys. */
    AwsCredentialsProvider asProvider() {
        return () -> {
            AwsCredentialsIdentity identity = current()
                    .orElseThrow(() -> new IllegalStateException("source credentials '" + name + "' are not available: "
                            + state.get().lastFailure()));
            if (identity instanceof AwsCredentials credentials) {
                return credentials;
            }
            return identity instanceof AwsSessionCredentialsIdentity session
                    ? AwsSessionCredentials.create(
                            session.accessKeyId(), session.secretAccessKey(), session.sessionToken())
                    : AwsBasicCredentials.create(identity.accessKeyId(), identity.secretAccessKey());
        };
    }

    /** What health and metrics report: computed from the cache, never by calling a provider. */
    public CredentialsState state() {
        return state.get();
    }

    /** Fetches now on the calling thread and schedules the next refresh. Used once at startup. */
    void loadAndSchedule(ScheduledExecutorService scheduler) {
        Duration next = refresh();
        schedule(scheduler, next);
    }

    private void schedule(ScheduledExecutorService scheduler, Duration delay) {
        scheduler.schedule(() -> schedule(scheduler, refresh()), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One refresh attempt; returns how long to wait before the next one. */
    synchronized Duration refresh() {
        Instant started = clock.instant();
        AwsCredentialsIdentity identity;
        try {
            identity = provider.resolveIdentity().join();
        } catch (RuntimeException e) {
            return failed(e);
        }
        Instant expiry = identity.expirationTime().orElse(null);
        state.set(new CredentialsState(identity, expiry, started, null));
        consecutiveFailures = 0;
        listener.refreshed(name, true, null);
        Duration next = nextRefreshDelay(started, expiry);
        Instant asking = clock.instant();
        logLoaded(identity, expiry);
        // The identity check only informs the log: it must not push the next refresh later than planned.
        Duration spent = Duration.between(asking, clock.instant());
        return spent.compareTo(next) >= 0 ? Duration.ZERO : next.minus(spent);
    }

    /** One line per load, saying which identity now signs; keys masked, secrets never. */
    private void logLoaded(AwsCredentialsIdentity identity, @Nullable Instant expiry) {
        CallerIdentity.Answer who = callerIdentity.afterLoad(asProvider());
        String key = AccessKeyIds.masked(identity.accessKeyId());
        String expires = expiry == null ? "never" : expiry.toString();
        if (who == null) {
            log.info("Credentials '{}' loaded (access key {}, expires {})", name, key, expires);
        } else if (who.confirmed()) {
            log.info("Credentials '{}' loaded (access key {}, {}, expires {})", name, key, who.text(), expires);
        } else {
            log.warn("Credentials '{}' loaded (access key {}, expires {}); {}", name, key, expires, who.text());
        }
    }

    private Duration failed(RuntimeException e) {
        consecutiveFailures++;
        String reason = CredentialsErrors.describe(e);
        CredentialsState previous = state.get();
        state.set(new CredentialsState(previous.identity(), previous.expiry(), previous.lastSuccess(), reason));
        listener.refreshed(name, false, reason);
        Duration backoff = backoff();
        log.warn(
                "Credentials '{}' could not be refreshed ({}); cached credentials {}; retrying in {}s",
                name,
                reason,
                previous.identity() == null ? "none" : "valid until " + previous.expiry(),
                backoff.toSeconds());
        return backoff;
    }

    private Duration nextRefreshDelay(Instant now, @Nullable Instant expiry) {
        if (expiry == null) {
            return refreshesWithoutExpiry ? NON_EXPIRING_RECHECK : Duration.ofDays(365);
        }
        return refreshDelay(Duration.between(now, expiry), refreshBeforeExpiry);
    }

    /**
     * When to refresh credentials that live {@code lifetime}: {@code refreshBefore} ahead of expiry; when they
     * live shorter than that, at half their lifetime. Never sooner than 0.1% of the lifetime (and 1 s), so a
     * window close to the lifetime cannot turn into a refresh loop.
     */
    static Duration refreshDelay(Duration lifetime, Duration refreshBefore) {
        Duration delay = lifetime.compareTo(refreshBefore) > 0 ? lifetime.minus(refreshBefore) : lifetime.dividedBy(2);
        Duration floor = lifetime.dividedBy(1000);
        if (floor.compareTo(MIN_DELAY) < 0) {
            floor = MIN_DELAY;
        }
        return delay.compareTo(floor) < 0 ? floor : delay;
    }

    private Duration backoff() {
        long seconds = 1L << Math.min(consecutiveFailures - 1, 5);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** Told of every refresh attempt; metrics hang here. */
    public interface RefreshListener {
        void refreshed(String entry, boolean success, @Nullable String failure);
    }
}
