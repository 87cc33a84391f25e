package io.github.sigv4gateway.config;

import java.util.List;
import java.util.stream.Collectors;

/** Startup stops with every configuration problem found, one line each. */
public final class InvalidConfigurationException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public InvalidConfigurationException(List<ConfigProblem> problems) {
        super("Invalid sigv4-gateway configuration:\n"
                + problems.stream().map(p -> "  - " + p.describe()).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
