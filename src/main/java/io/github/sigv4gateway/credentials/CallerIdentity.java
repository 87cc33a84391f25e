package io.github.sigv4gateway.credentials;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Which account and principal an entry's keys belong to, from STS GetCallerIdentity, for the line that logs each
 * load: the answer to "which identity signs?". GetCallerIdentity needs no IAM permission, only network access to
 * STS. It only informs the log, so it is made once per load without retries, bounded by the SDK's API call timeout,
 * and a failure becomes part of the line, never an exception. It runs where loads run: on the thread starting the
 * gateway, then on the refresh scheduler; never on a request path or an event loop.
 */
final class CallerIdentity implements AutoCloseable {

    /** Upper bound of one GetCallerIdentity call, connection included (the SDK's API call timeout). */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final @Nullable StsClient sts;
    private final boolean afterEveryLoad;
    /** Guarded by the owning cache's lock: loads of one entry never overlap. */
    private boolean asked;

    /**
     * @param sts client for the entry's STS endpoint, with {@link #TIMEOUT}; {@code null} when the check is off
     * @param afterEveryLoad ask after every load (STS types, whose keys change); otherwise after the first only
     */
    CallerIdentity(@Nullable StsClient sts, boolean afterEveryLoad) {
        this.sts = sts;
        this.afterEveryLoad = afterEveryLoad;
    }

    static CallerIdentity off() {
        return new CallerIdentity(null, false);
    }

    /**
     * Asks STS who {@code credentials} are, if a call is due after this load.
     *
     * @return what to add to the load's log line, or {@code null} when no call was due
     */
    @Nullable
    Answer afterLoad(AwsCredentialsProvider credentials) {
        if (sts == null || (asked && !afterEveryLoad)) {
            return null;
        }
        asked = true;
        try {
            GetCallerIdentityResponse who =
                    sts.getCallerIdentity(r -> r.overrideConfiguration(o -> o.credentialsProvider(credentials)));
            return new Answer(true, "account " + who.account() + ", arn " + who.arn());
        } catch (RuntimeException e) {
            return new Answer(false, "identity not confirmed (" + CredentialsErrors.describe(e) + ")");
        }
    }

    @Override
    public void close() {
        if (sts != null) {
            sts.close();
        }
    }

    /**
     * @param confirmed whether STS answered
     * @param text account and ARN, or why they are unknown; never a key
     */
    record Answer(boolean confirmed, String text) {}
}
