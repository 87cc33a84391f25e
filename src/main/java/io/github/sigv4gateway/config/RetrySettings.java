package io.github.sigv4gateway.config;

import java.time.Duration;
import java.util.Set;

/**
 * When a route sends a request to the function again, re-signed.
 *
 * @param retries how many times a request that failed before any answer byte arrived is sent again
 * @param retryOn answer statuses that are retried too (none by default: the function's answers pass unchanged)
 * @param nonIdempotent whether POST and PATCH are retried after a reset (the function may already have run)
 * @param backoff the first wait before a retry; each next one doubles, all jittered
 * @param retryAfterMax the longest {@code Retry-After} honoured; an answer asking for more is passed on
 * @param budgetPercent retries allowed as a share of the route's requests over ten seconds
 */
public record RetrySettings(
        int retries,
        Set<Integer> retryOn,
        boolean nonIdempotent,
        Duration backoff,
        Duration retryAfterMax,
        int budgetPercent) {

    /** What a route does when nothing is configured, and what standard SCG routes with the SigV4 filter get. */
    public static final RetrySettings DEFAULT =
            new RetrySettings(1, Set.of(), false, Duration.ofMillis(25), Duration.ofSeconds(5), 20);

    public RetrySettings {
        retryOn = Set.copyOf(retryOn);
    }
}
