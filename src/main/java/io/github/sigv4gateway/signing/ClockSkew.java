package io.github.sigv4gateway.signing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing clock: the local clock plus an offset learned from AWS's answers, as the AWS SDKs' clock-skew
 * adjustment does. A host whose clock is more than AWS's five-minute window off would otherwise get 403 on every
 * request. The offset is adopted only from an authentication failure whose {@code Date} is far from the local clock
 * ({@link #refusedForSkew}); any later answer's {@code Date} may only bring it back toward zero
 * ({@link #correctToward}), so a function that sets an odd {@code Date} of its own cannot move it away.
 */
public final class ClockSkew extends Clock {

    private static final Logger log = LoggerFactory.getLogger(ClockSkew.class);

    /** A {@code Date} this far from the local clock on a 401/403 means the signature's time was the problem. */
    public static final Duration THRESHOLD = Duration.ofMinutes(4);

    /** {@code Date} has whole seconds and the answer took time to arrive: closer than this is no skew. */
    static final Duration TOLERANCE = Duration.ofSeconds(60);

    private final Clock local;
    private final AtomicLong offsetMillis = new AtomicLong();

    public ClockSkew(Clock local) {
        this.local = local;
    }

    /** The offset added to the local clock when signing: AWS's time minus the local time. */
    public Duration offset() {
        return Duration.ofMillis(offsetMillis.get());
    }

    /**
     * A 401 or 403 answer dated {@code serverDate} to a request signed with offset {@code signedWith}: true when that
     * request's time was more than {@link #THRESHOLD} from AWS's, so it is worth signing again. The offset is adopted
     * unless another refusal already did.
     */
    public boolean refusedForSkew(Instant serverDate, Duration signedWith) {
        long measured = serverDate.toEpochMilli() - local.millis();
        if (Math.abs(measured - signedWith.toMillis()) <= THRESHOLD.toMillis()) {
            return false;
        }
        long current = offsetMillis.get();
        if (Math.abs(measured - current) > THRESHOLD.toMillis() && offsetMillis.compareAndSet(current, measured)) {
            log.warn(
                    "Clock skew: AWS's Date is {} s from this host's clock; signing with that offset from now on."
                            + " Fix the host's time synchronisation (NTP).",
                    measured / 1000);
        }
        return true;
    }

    /**
     * Any answer dated {@code serverDate} while an offset is in use: when it shows the local clock nearer to AWS's
     * than the offset says (the host's time was fixed), the offset moves there, or to zero when within
     * {@link #TOLERANCE}. Returns whether it moved.
     */
    public boolean correctToward(Instant serverDate) {
        long current = offsetMillis.get();
        if (current == 0) {
            return false;
        }
        long measured = serverDate.toEpochMilli() - local.millis();
        boolean withinTolerance = Math.abs(measured) <= TOLERANCE.toMillis();
        boolean nearer = Math.abs(measured) < Math.abs(current)
                && (withinTolerance || Long.signum(measured) == Long.signum(current));
        if (!nearer || Math.abs(measured - current) <= TOLERANCE.toMillis()) {
            return false;
        }
        long corrected = withinTolerance ? 0 : measured;
        if (!offsetMillis.compareAndSet(current, corrected)) {
            return false;
        }
        log.warn(
                "Clock skew: AWS's Date is now {} s from this host's clock; signing with that offset",
                corrected / 1000);
        return true;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        return local.millis() + offsetMillis.get();
    }

    @Override
    public ZoneId getZone() {
        return local.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the signing clock is UTC only");
    }
}
