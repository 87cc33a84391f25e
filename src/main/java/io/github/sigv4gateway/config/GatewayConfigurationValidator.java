package io.github.sigv4gateway.config;

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
public final class GatewayConfigurationValidator {

    private GatewayConfigurationValidator() {}

    /**
     * The resolved routes.
     *
     * @param environment process environment ({@code AWS_ROLE_ARN}, {@code AWS_WEB_IDENTITY_TOKEN_FILE})
     * @param regionFallback the SDK region chain, asked only when a route's region is neither set nor inferable
     * @throws InvalidConfigurationException listing every problem, when there is any
     */
    public static List<GatewayRoute> validate(
            GatewayProperties properties, Map<String, String> environment, Supplier<Optional<String>> regionFallback) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<GatewayRoute> routes = new RouteResolver(regionFallback).resolve(properties, problems);
        new CredentialsEntryValidator(environment).validate(properties.getCredentials(), problems);
        checkBodyMemory(properties.getServer().getMaxBufferedBodyMemory(), routes, problems);
        TlsChecks.check(properties.getServer().getTls(), problems);
        AccessChecks.checkApiKeys(properties.getApiKeys(), problems);
        AccessChecks.checkServiceAccountTokens(properties, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return routes;
    }

    /**
     * The problems of a {@code SigV4} filter on a standard Spring Cloud Gateway route, checked when SCG loads its
     * routes (after the context has started: those definitions are SCG's, not the gateway's keys).
     *
     * @param entryKnown whether {@code credentials} names a configured entry
     * @param bodyMemoryLimit the gateway-wide {@code max-buffered-body-memory} in force, in bytes
     * @throws InvalidConfigurationException listing every problem, when there is any
     */
    public static void validateSigV4Filter(
            String routeId,
            @Nullable String region,
            @Nullable String service,
            String credentials,
            boolean entryKnown,
            DataSize maxBodySize,
            long bodyMemoryLimit) {
        String filter = "SigV4 filter of route '" + routeId + "'";
        List<ConfigProblem> problems = new ArrayList<>();
        if (region == null || service == null) {
            problems.add(new ConfigProblem(filter, null, "needs region and service, e.g. SigV4=us-east-1,lambda"));
        }
        if (!entryKnown) {
            problems.add(new ConfigProblem(
                    filter + " credentials", credentials, "no such entry under sigv4-gateway.credentials"));
        }
        if (maxBodySize.toBytes() > bodyMemoryLimit) {
            problems.add(new ConfigProblem(
                    filter + " max-body-size",
                    maxBodySize.toString(),
                    "is larger than " + GatewayProperties.MAX_BUFFERED_BODY_MEMORY + " (" + bodyMemoryLimit
                            + " bytes): its largest bodies could never be held"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /** A limit under a route's max-body-size would answer 503 to every body that route accepts. */
    private static void checkBodyMemory(
            @Nullable DataSize limit, List<GatewayRoute> routes, List<ConfigProblem> problems) {
        if (limit == null) {
            return;
        }
        String key = GatewayProperties.MAX_BUFFERED_BODY_MEMORY;
        if (limit.toBytes() <= 0) {
            problems.add(new ConfigProblem(key, limit.toString(), "must be positive"));
            return;
        }
        routes.stream()
                .filter(route -> route.maxBodySize() > limit.toBytes())
                .findFirst()
                .ifPresent(route -> problems.add(new ConfigProblem(
                        key,
                        limit.toString(),
                        "is smaller than the max-body-size of route '" + route.id() + "' (" + route.maxBodySize()
                                + " bytes): its largest bodies could never be held")));
    }
}
