package io.github.sigv4gateway.config;

import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with the configuration, said so a user can fix it: the full key, the value found and why it
 * cannot be used. Values of secret keys are never carried here.
 *
 * @param key full property key, e.g. {@code sigv4-gateway.routes[0].target}
 * @param value the offending value, {@code null} when unset
 * @param reason why, and what would be accepted
 */
public record ConfigProblem(String key, @Nullable String value, String reason) {

    /** One line: {@code key = 'value': reason}. */
    public String describe() {
        return key + " = " + (value == null ? "(unset)" : "'" + value + "'") + ": " + reason;
    }
}
