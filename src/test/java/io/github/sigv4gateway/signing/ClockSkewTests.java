package io.github.sigv4gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClockSkewTests {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private final ClockSkew skew = new ClockSkew(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void refusalDatedTenMinutesAhead_isSkew_andTheOffsetIsAdopted() {
        assertThat(skew.refusedForSkew(NOW.plus(Duration.ofMinutes(10)), Duration.ZERO))
                .isTrue();
        assertThat(skew.offset()).isEqualTo(Duration.ofMinutes(10));
        assertThat(skew.instant()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void refusalWithinFourMinutes_isNotSkew_andMovesNothing() {
        assertThat(skew.refusedForSkew(NOW.minus(Duration.ofMinutes(3)), Duration.ZERO))
                .isFalse();
        assertThat(skew.offset()).isZero();
    }

    @Test
    void refusalOfARequestSignedBeforeAnotherAdoptedTheOffset_isStillSkew_andKeepsTheOffset() {
        skew.refusedForSkew(NOW.plus(Duration.ofMinutes(10)), Duration.ZERO);
        assertThat(skew.refusedForSkew(NOW.plus(Duration.ofMinutes(10)).plusSeconds(2), Duration.ZERO))
                .isTrue();
        assertThat(skew.offset()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void laterAnswers_bringTheOffsetBackTowardZero_butNeverAway() {
        skew.refusedForSkew(NOW.minus(Duration.ofMinutes(10)), Duration.ZERO);

        assertThat(skew.correctToward(NOW.minus(Duration.ofMinutes(12)))).isFalse();
        assertThat(skew.offset()).isEqualTo(Duration.ofMinutes(-10));

        assertThat(skew.correctToward(NOW.minus(Duration.ofMinutes(7)))).isTrue();
        assertThat(skew.offset()).isEqualTo(Duration.ofMinutes(-7));

        assertThat(skew.correctToward(NOW.minus(Duration.ofSeconds(6 * 60 + 30))))
                .as("within the Date's own imprecision")
                .isFalse();

        assertThat(skew.correctToward(NOW.plusSeconds(1))).isTrue();
        assertThat(skew.offset()).isZero();
    }

    @Test
    void withoutAnOffset_plainAnswersMoveNothing() {
        assertThat(skew.correctToward(NOW.plus(Duration.ofHours(1)))).isFalse();
        assertThat(skew.offset()).isZero();
    }
}
