package io.github.sigv4gateway.routing;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * How many retries a route may send, as Finagle's and Envoy's retry budgets do: over the last ten seconds, retries
 * at most a fraction of the requests (20% by default) plus a small reserve, so that a quiet route can still ride
 * out a dead pooled connection while an outage does not multiply the load on the function. Lock-free: one slot per
 * second, each holding its second's number and its two counts.
 */
final class RetryBudget {

    static final int WINDOW_SECONDS = 10;

    /** Retries always allowed per window, whatever the traffic: a route with a handful of requests can still retry. */
    static final int RESERVE = 10;

    private final double ratio;
    private final LongSupplier nanoTime;
    // Per slot: [second, requests, retries].
    private final AtomicLongArray slots = new AtomicLongArray(WINDOW_SECONDS * 3);

    RetryBudget(int percent, LongSupplier nanoTime) {
        this.ratio = percent / 100.0;
        this.nanoTime = nanoTime;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            slots.set(i * 3, Long.MIN_VALUE);
        }
    }

    /** Counts one request sent to the function (first attempts only). */
    void recordRequest() {
        add(1);
    }

    /** Takes one retry from the budget; false when the window's retries are used up. */
    boolean tryRetry() {
        long now = second();
        long requests = 0;
        long retries = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            long second = slots.get(i * 3);
            if (second > now - WINDOW_SECONDS && second <= now) {
                requests += slots.get(i * 3 + 1);
                retries += slots.get(i * 3 + 2);
            }
        }
        if (retries >= RESERVE + (long) (requests * ratio)) {
            return false;
        }
        add(2);
        return true;
    }

    private void add(int field) {
        long now = second();
        int base = (int) Math.floorMod(now, WINDOW_SECONDS) * 3;
        long stamped = slots.get(base);
        if (stamped != now && slots.compareAndSet(base, stamped, now)) {
            // This thread moved the slot to a new second: its old counts belong to a second out of the window.
            slots.set(base + 1, 0);
            slots.set(base + 2, 0);
        }
        slots.incrementAndGet(base + field);
    }

    private long second() {
        return Math.floorDiv(nanoTime.getAsLong(), 1_000_000_000L);
    }
}
