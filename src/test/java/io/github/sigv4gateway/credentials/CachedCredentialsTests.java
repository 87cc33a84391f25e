package io.github.sigv4gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

class CachedCredentialsTests {

    @Test
    void refreshDelay_isWindowBeforeExpiry_orHalfLifeForShortCredentials_neverALoop() {
        assertThat(CachedCredentials.refreshDelay(Duration.ofHours(1), Duration.ofMinutes(5)))
                .isEqualTo(Duration.ofMinutes(55));
        assertThat(CachedCredentials.refreshDelay(Duration.ofMinutes(4), Duration.ofMinutes(5)))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(CachedCredentials.refreshDelay(Duration.ofSeconds(900), Duration.ofSeconds(890)))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(CachedCredentials.refreshDelay(Duration.ofSeconds(900), Duration.ofSeconds(900)))
                .isEqualTo(Duration.ofSeconds(450));
        assertThat(CachedCredentials.refreshDelay(Duration.ofHours(10), Duration.ofMillis(36_000_000 - 1)))
                .isEqualTo(Duration.ofSeconds(36));
        assertThat(CachedCredentials.refreshDelay(Duration.ofMillis(10), Duration.ofMinutes(5)))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void failedRefresh_keepsServingCachedCredentials_untilTheyExpire() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        AtomicInteger calls = new AtomicInteger();
        Instant expiry = clock.instant().plusSeconds(900);
        AwsCredentialsProvider provider = () -> {
            if (calls.incrementAndGet() > 1) {
                throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
            }
            return AwsSessionCredentials.builder()
                    .accessKeyId("ASIDEXAMPLE")
                    .secretAccessKey("secret")
                    .sessionToken("token")
                    .expirationTime(expiry)
                    .build();
        };
        List<String> outcomes = new ArrayList<>();
        CachedCredentials cached = new CachedCredentials(
                "session",
                provider,
                Duration.ofMinutes(5),
                false,
                clock,
                (entry, success, failure) -> outcomes.add(entry + ":" + success + ":" + failure),
                CallerIdentity.off());

        assertThat(cached.refresh()).isEqualTo(Duration.ofMinutes(10));
        assertThat(cached.current()).isPresent();

        Duration backoff = cached.refresh();
        assertThat(backoff).isEqualTo(Duration.ofSeconds(1));
        assertThat(cached.refresh()).isEqualTo(Duration.ofSeconds(2));
        assertThat(cached.current()).as("still valid cached credentials").isPresent();
        assertThat(cached.state().lastFailure()).contains("Connection refused");

        clock.now = expiry;
        assertThat(cached.current()).as("expired").isEmpty();
        assertThat(cached.state().isExpired(clock.instant())).isTrue();
        assertThat(outcomes).hasSize(3).first().asString().startsWith("session:true");
        assertThat(cached.state().toString()).doesNotContain("secret").doesNotContain("token");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
