package io.github.sigv4gateway;

import io.github.sigv4gateway.config.ConfigProblem;
import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.config.GatewayRoute;
import io.github.sigv4gateway.config.InvalidConfigurationException;
import io.github.sigv4gateway.config.RouteResolver;
import io.github.sigv4gateway.credentials.CredentialsEntryValidator;
import io.github.sigv4gateway.routing.BodyMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

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
        checkBodyMemory(properties.getServer().getMaxBufferedBodyMemory(), routes, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return routes;
    }

    /** A limit under a route's max-body-size would answer 503 to every body that route accepts. */
    private static void checkBodyMemory(@Nullable DataSize limit, List<GatewayRoute> routes,
            List<ConfigProblem> problems) {
        if (limit == null) {
            return;
        }
        String key = BodyMemory.PROPERTY;
        if (limit.toBytes() <= 0) {
            problems.add(new ConfigProblem(key, limit.toString(), "must be positive"));
            return;
        }
        routes.stream().filter(route -> route.maxBodySize() > limit.toBytes()).findFirst()
                .ifPresent(route -> problems.add(new ConfigProblem(key, limit.toString(),
                        "is smaller than the max-body-size of route '" + route.id() + "' (" + route.maxBodySize()
                                + " bytes): its largest bodies could never be held")));
    }
}
