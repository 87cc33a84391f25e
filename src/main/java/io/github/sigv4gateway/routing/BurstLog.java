package io.github.sigv4gateway.routing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a failure once per burst rather than once per request: the first of a kind (route and reason) is logged
 * at once, the same kind again only after a quiet interval, with the number left out meanwhile. An outage then shows
 * as a line every ten seconds, not as thousands that drown the one that says what broke.
 */
final class BurstLog {

    static final long INTERVAL_NANOS = 10_000_000_000L;

    private final Logger log;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Burst> bursts = new ConcurrentHashMap<>();

    private static final class Burst {
        final AtomicLong lastLogged;
        final AtomicLong suppressed = new AtomicLong();

        Burst(long now) {
            lastLogged = new AtomicLong(now - INTERVAL_NANOS);
        }
    }

    BurstLog(Logger log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /**
     * Logs at WARN unless a line of the same {@code kind} was logged within the interval; {@code format} takes
     * {@code arguments} and then the count of lines left out since the last one.
     */
    void warn(String kind, String format, Object... arguments) {
        long now = nanoTime.getAsLong();
        Burst burst = bursts.computeIfAbsent(kind, k -> new Burst(now));
        long last = burst.lastLogged.get();
        if (now - last < INTERVAL_NANOS || !burst.lastLogged.compareAndSet(last, now)) {
            burst.suppressed.incrementAndGet();
            return;
        }
        Object[] withCount = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        withCount[arguments.length] = burst.suppressed.getAndSet(0);
        log.warn(format + " [{} more like it since the last line]", withCount);
    }
}
