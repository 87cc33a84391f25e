package io.github.sigv4gateway.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Reads HTTP's {@code Retry-After} and {@code Date}: seconds or an IMF-fixdate (RFC 9110 10.2.3, 5.6.7). */
final class RetryAfter {

    private RetryAfter() {}

    /** The wait asked for, {@link Duration#ZERO} when absent, or null when unreadable. */
    static @Nullable Duration wait(@Nullable String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            return trimmed.length() > 9 ? null : Duration.ofSeconds(Long.parseLong(trimmed));
        }
        Instant at = date(trimmed);
        if (at == null) {
            return null;
        }
        Duration wait = Duration.between(now, at);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** An HTTP date, or null when unreadable. */
    static @Nullable Instant date(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
