package io.github.sigv4gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Turns {@link GatewayProperties} into {@link GatewayRoute}s, collecting every problem instead of stopping at the
 * first. Routes from {@code routes[]} come first, in order; the top-level route, when its target is set, last.
 */
public final class RouteResolver {

    private static final Pattern ROUTE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String DEFAULT_ID = "default";

    private final Supplier<Optional<String>> regionFallback;

    /**
     * @param regionFallback the SDK region chain, asked only when a route's region can be neither read off its host
     *        nor found in configuration
     */
    public RouteResolver(Supplier<Optional<String>> regionFallback) {
        this.regionFallback = regionFallback;
    }

    /** The routes, or every problem found. */
    public List<GatewayRoute> resolve(GatewayProperties properties, List<ConfigProblem> problems) {
        List<GatewayRoute> routes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < properties.getRoutes().size(); i++) {
            RouteProperties route = properties.getRoutes().get(i);
            String prefix = GatewayProperties.PREFIX + ".routes[" + i + "]";
            String id = route.getId() != null ? route.getId() : "route-" + i;
            resolveOne(prefix, id, i, route, route.getCredentials(), properties, ids, problems)
                    .ifPresent(routes::add);
        }
        if (properties.getTarget() != null) {
            String id = properties.getId() != null ? properties.getId() : DEFAULT_ID;
            // The catch-all: tried after every other route, standard SCG routes included.
            int last = Ordered.LOWEST_PRECEDENCE;
            resolveOne(GatewayProperties.PREFIX, id, last, properties, DEFAULT_ID, properties, ids, problems)
                    .ifPresent(routes::add);
        }
        if (routes.isEmpty() && problems.isEmpty()) {
            problems.add(new ConfigProblem(
                    GatewayProperties.PREFIX + ".target",
                    null,
                    "no route is configured: set sigv4-gateway.target to your function URL, or sigv4-gateway.routes"));
        }
        return routes;
    }

    private Optional<GatewayRoute> resolveOne(
            String prefix,
            String id,
            int order,
            RouteSettings route,
            String credentials,
            GatewayProperties all,
            Set<String> ids,
            List<ConfigProblem> problems) {
        int before = problems.size();
        if (!ROUTE_ID.matcher(id).matches()) {
            problems.add(new ConfigProblem(prefix + ".id", id, "use 1-64 letters, digits, '.', '_' or '-'"));
        } else if (!ids.add(id)) {
            problems.add(new ConfigProblem(prefix + ".id", id, "another route already has this id"));
        }
        checkPath(prefix, route.getPath(), problems);
        URI target = UrlChecks.target(prefix + ".target", route.getTarget(), all.getAllowedHttpHosts(), problems);
        if (route.getStripPrefix() < 0) {
            problems.add(new ConfigProblem(
                    prefix + ".strip-prefix", String.valueOf(route.getStripPrefix()), "must be 0 or more"));
        }
        if (route.getMaxBodySize().toBytes() <= 0) {
            problems.add(new ConfigProblem(
                    prefix + ".max-body-size", route.getMaxBodySize().toString(), "must be more than 0 bytes"));
        }
        checkPositive(prefix + ".connect-timeout", route.getConnectTimeout(), problems);
        checkPositive(prefix + ".response-timeout", route.getResponseTimeout(), problems);
        RetryChecks.check(prefix, route, problems);
        RouteAccess access = AccessChecks.resolve(prefix, route, all, problems);
        if (!DEFAULT_ID.equals(credentials) && !all.getCredentials().containsKey(credentials)) {
            problems.add(new ConfigProblem(
                    prefix + ".credentials",
                    credentials,
                    "no such entry under sigv4-gateway.credentials (known: "
                            + all.getCredentials().keySet() + ")"));
        }
        String service = route.getService();
        String region = route.getRegion();
        if (target != null) {
            Optional<TargetInference.Inferred> inferred = TargetInference.fromHost(target.getHost());
            if (service == null) {
                service = inferred.map(TargetInference.Inferred::service).orElse(null);
            }
            if (region == null) {
                region = inferred.map(TargetInference.Inferred::region)
                        .orElseGet(() -> regionFallback.get().orElse(null));
            }
            if (service == null) {
                problems.add(new ConfigProblem(
                        prefix + ".service",
                        null,
                        "cannot be inferred from host '" + target.getHost()
                                + "': set the signing name, e.g. lambda or execute-api"));
            }
            if (region == null) {
                problems.add(new ConfigProblem(
                        prefix + ".region",
                        null,
                        "cannot be inferred from host '" + target.getHost()
                                + "' nor found in AWS_REGION or the AWS profile: set it, e.g. us-east-1"));
            }
        }
        if (problems.size() > before || target == null || service == null || region == null) {
            return Optional.empty();
        }
        return Optional.of(new GatewayRoute(
                id,
                order,
                route.getPath(),
                target,
                route.getStripPrefix(),
                region,
                service,
                credentials,
                route.getMaxBodySize().toBytes(),
                route.getConnectTimeout(),
                route.getResponseTimeout(),
                retry(route),
                access));
    }

    private static RetrySettings retry(RouteSettings route) {
        return new RetrySettings(
                route.getRetries(),
                Set.copyOf(route.getRetryOn()),
                route.isRetryNonIdempotent(),
                route.getRetryBackoff(),
                route.getRetryAfterMax(),
                route.getRetryBudget());
    }

    private static void checkPath(String prefix, String path, List<ConfigProblem> problems) {
        if (!path.startsWith("/")) {
            problems.add(new ConfigProblem(prefix + ".path", path, "must start with '/', e.g. /** or /api/**"));
            return;
        }
        try {
            PathPatternParser.defaultInstance.parse(path);
        } catch (PatternParseException e) {
            problems.add(new ConfigProblem(prefix + ".path", path, "not a valid path pattern: " + e.getMessage()));
        }
    }

    private static void checkPositive(String key, Duration value, List<ConfigProblem> problems) {
        if (value.isNegative() || value.isZero()) {
            problems.add(new ConfigProblem(key, value.toString(), "must be more than 0, e.g. 5s"));
        }
    }
}
