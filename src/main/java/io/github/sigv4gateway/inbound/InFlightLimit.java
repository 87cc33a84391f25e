package io.github.sigv4gateway.inbound;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A route's requests in flight, at most {@code max}: a burst beyond it is refused at once rather than queued, so it
 * cannot take all of the function's reserved concurrency. Each admitted request holds a {@link Permit} until its
 * answer completes or its client goes away; a permit is given back once, however often it is released.
 */
final class InFlightLimit {

    private final int max;
    private final AtomicInteger held = new AtomicInteger();

    InFlightLimit(int max) {
        this.max = max;
    }

    /** A permit, or {@code null} when {@code max} requests are in flight. */
    @Nullable
    Permit tryAcquire() {
        if (held.incrementAndGet() > max) {
            held.decrementAndGet();
            return null;
        }
        return new Permit();
    }

    int held() {
        return held.get();
    }

    /** One request's place. */
    final class Permit {

        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                held.decrementAndGet();
            }
        }
    }
}
