package io.github.sigv4gateway;

import io.github.sigv4gateway.config.ConfigProblem;
import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.config.GatewayRoute;
import io.github.sigv4gateway.config.InvalidConfigurationException;
import io.github.sigv4gateway.config.RouteResolver;
import io.github.sigv4gateway.credentials.CredentialsEntryValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The whole startup check of the bound {@code sigv4-gateway} properties: routes (targets, inference, limits) and
 * credentials entries, every problem collected. The application runs it before anything is started; deployment
 * tests run it on the configuration a Helm chart or compose file renders, so what they ship is what starts.
 */
public final class GatewayConfigurationCheck {

    private GatewayConfigurationCheck() {
    }

    /**
     * The resolved routes.
     *
     * @param environment process environment ({@code AWS_ROLE_ARN}, {@code AWS_WEB_IDENTITY_TOKEN_FILE})
     * @param regionFallback the SDK region chain, asked only when a route's region is neither set nor inferable
     * @throws InvalidConfigurationException listing every problem, when there is any
     */
    public static List<GatewayRoute> check(GatewayProperties properties, Map<String, String> environment,
            Supplier<Optional<String>> regionFallback) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<GatewayRoute> routes = new RouteResolver(regionFallback).resolve(properties, problems);
        new CredentialsEntryValidator(environment).validate(properties.getCredentials(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return routes;
    }
}
