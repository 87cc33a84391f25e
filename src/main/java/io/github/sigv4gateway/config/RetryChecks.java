package io.github.sigv4gateway.config;

import java.time.Duration;
import java.util.List;

/** The checks of a route's retry keys, each problem named by its key. */
final class RetryChecks {

    /** At most this many retries: more would multiply an outage's load on the function, budget or not. */
    static final int MAX_RETRIES = 5;

    private RetryChecks() {}

    static void check(String prefix, RouteSettings route, List<ConfigProblem> problems) {
        if (route.getRetries() < 0 || route.getRetries() > MAX_RETRIES) {
            problems.add(new ConfigProblem(
                    prefix + ".retries", String.valueOf(route.getRetries()), "must be 0 to " + MAX_RETRIES));
        }
        for (Integer status : route.getRetryOn()) {
            if (status == null || status < 400 || status > 599) {
                problems.add(new ConfigProblem(
                        prefix + ".retry-on",
                        String.valueOf(status),
                        "must list error statuses (400-599), e.g. 429,503"));
            }
        }
        if (route.getRetryBudget() < 0 || route.getRetryBudget() > 100) {
            problems.add(new ConfigProblem(
                    prefix + ".retry-budget",
                    String.valueOf(route.getRetryBudget()),
                    "must be a percentage, 0 to 100"));
        }
        checkNotNegative(prefix + ".retry-backoff", route.getRetryBackoff(), problems);
        checkNotNegative(prefix + ".retry-after-max", route.getRetryAfterMax(), problems);
    }

    private static void checkNotNegative(String key, Duration value, List<ConfigProblem> problems) {
        if (value.isNegative()) {
            problems.add(new ConfigProblem(key, value.toString(), "must be 0 or more, e.g. 25ms"));
        }
    }
}
