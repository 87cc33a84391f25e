package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTests {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void seconds_httpDate_absent_andGarbage() {
        assertThat(RetryAfter.wait("3", NOW)).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryAfter.wait("Mon, 07 Dec 2026 10:00:02 GMT", NOW)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryAfter.wait("Mon, 07 Dec 2026 09:00:00 GMT", NOW)).isZero();
        assertThat(RetryAfter.wait(null, NOW)).isZero();
        assertThat(RetryAfter.wait("soon", NOW)).isNull();
        assertThat(RetryAfter.wait("99999999999", NOW)).isNull();
    }

    @Test
    void date_readsImfFixdate_orNothing() {
        assertThat(RetryAfter.date("Mon, 07 Dec 2026 10:00:00 GMT")).isEqualTo(NOW);
        assertThat(RetryAfter.date("yesterday")).isNull();
    }
}
