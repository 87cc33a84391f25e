package io.github.sigv4gateway.config;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints configuration problems as a short list instead of a stack trace. */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        String description = cause.problems().stream()
                .map(p -> "  - " + p.describe())
                .collect(Collectors.joining(
                        "\n",
                        "sigv4-gateway cannot start, its configuration has "
                                + cause.problems().size() + " problem(s):\n",
                        ""));
        return new FailureAnalysis(
                description,
                "Fix the keys above (application.yaml, SIGV4GATEWAY_* environment variables or --arguments)."
                        + " The README's configuration reference lists every key.",
                null);
    }
}
