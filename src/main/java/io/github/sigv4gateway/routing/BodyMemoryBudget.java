package io.github.sigv4gateway.routing;

import io.github.sigv4gateway.answers.GatewayAnswer;
import io.github.sigv4gateway.config.GatewayProperties;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;

/**
 * The memory all routes together may hold in request bodies read for hashing. Without a bound, enough concurrent
 * large uploads (slow clients, or a burst of 6 MB payloads) exhaust Netty's direct memory, and then every
 * request fails, small GETs and responses included. With it, the body that would pass the limit gets a 503 while
 * the rest of the traffic goes on. Thread-safe; one instance for the gateway.
 */
public final class BodyMemoryBudget {

    /** The key that sets the limit. */
    public static final String PROPERTY = GatewayProperties.MAX_BUFFERED_BODY_MEMORY;

    /** The reason of the answer to a body that did not fit. */
    public static final String FULL = GatewayAnswer.BODY_MEMORY_FULL;

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    public BodyMemoryBudget(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limitBytes);
        }
        this.limit = limitBytes;
    }

    public long limit() {
        return limit;
    }

    /** Bytes of request bodies held now. */
    public long held() {
        return held.get();
    }

    /** A reservation of nothing yet, for one request. */
    Reservation open() {
        return new Reservation();
    }

    /** What one request holds; released once, whichever way the request ends. */
    final class Reservation {

        private final AtomicLong bytes = new AtomicLong();
        private volatile boolean released;

        private Reservation() {}

        /** Takes {@code more} bytes from the budget, or nothing if that would pass the limit. */
        boolean grow(long more) {
            if (released) {
                return false;
            }
            long now;
            do {
                now = held.get();
                if (now + more > limit) {
                    return false;
                }
            } while (!held.compareAndSet(now, now + more));
            bytes.addAndGet(more);
            if (released) {
                // A chunk that raced the end of its request gives its bytes straight back.
                giveBack();
            }
            return true;
        }

        /** Gives back what this request took; idempotent, and later growth is refused. */
        void release() {
            released = true;
            giveBack();
        }

        private void giveBack() {
            long taken = bytes.getAndSet(0);
            if (taken > 0) {
                held.addAndGet(-taken);
            }
        }

        /** The answer for a body that did not fit. */
        GatewayException full(String routeId) {
            return new GatewayException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    FULL,
                    "the gateway holds as many request bodies as it may (" + PROPERTY + " = " + limit
                            + " bytes, all routes together); the body on route '" + routeId
                            + "' was not read: retry later");
        }
    }
}
