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

    /** Stands for a value never shown: a mistyped key's value may be a secret. */
    private static final String HIDDEN = new String("(hidden)");

    /** A key that binds to nothing; its value is not repeated, since a mistyped secret key's would be a secret. */
    public static ConfigProblem unknownKey(String key, String reason) {
        return new ConfigProblem(key, HIDDEN, reason);
    }

    /** One line: {@code key = 'value': reason}, or {@code key: reason} for an unknown key. */
    public String describe() {
        if (value == HIDDEN) {
            return key + ": " + reason;
        }
        return key + " = " + (value == null ? "(unset)" : "'" + value + "'") + ": " + reason;
    }
}
