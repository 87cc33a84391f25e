package io.github.sigv4gateway.credentials;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A snapshot of one entry's cache. {@link #toString()} never shows keys.
 *
 * @param identity the identity held, if any
 * @param expiry when it expires, {@code null} for long-term keys
 * @param lastSuccess when it was fetched
 * @param lastFailure why the latest refresh failed, {@code null} after a success
 */
public record CredentialsState(
        @Nullable AwsCredentialsIdentity identity,
        @Nullable Instant expiry,
        @Nullable Instant lastSuccess,
        @Nullable String lastFailure) {

    static CredentialsState empty() {
        return new CredentialsState(null, null, null, null);
    }

    /** Whether the held identity can no longer be used at {@code now} (or none is held). */
    public boolean isExpired(Instant now) {
        return identity == null || (expiry != null && !now.isBefore(expiry));
    }

    @Override
    public String toString() {
        return "CredentialsState[held=" + (identity != null) + ", expiry=" + expiry + ", lastFailure=" + lastFailure
                + "]";
    }
}
