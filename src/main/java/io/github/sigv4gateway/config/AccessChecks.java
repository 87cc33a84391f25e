package io.github.sigv4gateway.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks of the inbound keys: a route's {@code allow}, {@code methods} and {@code max-concurrent}, and the
 * gateway-wide {@code api-keys}; each problem named by its key, all of them at once.
 */
final class AccessChecks {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final String API_KEYS = GatewayProperties.PREFIX + ".api-keys";
    private static final String TOKENS = GatewayProperties.PREFIX + ".service-account-tokens";

    private AccessChecks() {}

    static RouteAccess resolve(
            String prefix, RouteAccessSettings route, GatewayProperties all, List<ConfigProblem> problems) {
        List<AllowedClient> allow = new ArrayList<>();
        for (int i = 0; i < route.getAllow().size(); i++) {
            String entry = route.getAllow().get(i);
            String key = prefix + ".allow[" + i + "]";
            StringBuilder why = new StringBuilder();
            AllowedClient client = entry == null ? null : AllowedClient.parse(entry, why);
            if (client == null) {
                problems.add(new ConfigProblem(key, entry, why.isEmpty() ? "must name a client" : why.toString()));
            } else if (client.kind().byCertificate() && all.getServer().getTls().effectiveClientAuth() == null) {
                problems.add(new ConfigProblem(
                        key, entry, "needs client certificates: set " + TlsChecks.PREFIX + ".client-ca"));
            } else if (client.kind() == AllowedClient.Kind.SERVICE_ACCOUNT
                    && !all.getServiceAccountTokens().configured()) {
                problems.add(new ConfigProblem(
                        key,
                        entry,
                        "needs service-account tokens: set " + TOKENS + ".issuer, .jwk-set-uri and .audience"));
            } else if (client.kind() == AllowedClient.Kind.KEY
                    && !all.getApiKeys().configured()) {
                problems.add(new ConfigProblem(
                        key, entry, "needs API keys: set " + API_KEYS + ".file or " + API_KEYS + ".sha256.<name>"));
            } else {
                allow.add(client);
            }
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String method : route.getMethods()) {
            String upper = method == null ? "" : method.strip().toUpperCase(Locale.ROOT);
            if (!METHODS.contains(upper)) {
                problems.add(new ConfigProblem(
                        prefix + ".methods",
                        method,
                        "must be among " + METHODS.stream().sorted().toList()));
            } else {
                methods.add(upper);
            }
        }
        if (route.getMaxConcurrent() < 0) {
            problems.add(new ConfigProblem(
                    prefix + ".max-concurrent",
                    String.valueOf(route.getMaxConcurrent()),
                    "must be 0 (no limit) or more"));
        }
        return new RouteAccess(List.copyOf(allow), Set.copyOf(methods), Math.max(0, route.getMaxConcurrent()));
    }

    static void checkServiceAccountTokens(GatewayProperties all, List<ConfigProblem> problems) {
        ServiceAccountTokensProperties tokens = all.getServiceAccountTokens();
        if (!tokens.configured()) {
            return;
        }
        if (tokens.getIssuer() == null || tokens.getIssuer().isBlank()) {
            problems.add(new ConfigProblem(TOKENS + ".issuer", null, "required: the issuer the tokens name (iss)"));
        }
        if (tokens.getAudience() == null || tokens.getAudience().isBlank()) {
            problems.add(new ConfigProblem(
                    TOKENS + ".audience", null, "required: the audience the tokens are bound to, e.g. sigv4-gateway"));
        }
        if (tokens.getJwkSetUri() == null) {
            problems.add(new ConfigProblem(
                    TOKENS + ".jwk-set-uri",
                    null,
                    "required: where the issuer's keys are, e.g. ISSUER/openid/v1/jwks"));
        } else {
            // Keys fetched in clear could be swapped on the way: https, or http on loopback for a local issuer.
            UrlChecks.target(TOKENS + ".jwk-set-uri", tokens.getJwkSetUri(), all.getAllowedHttpHosts(), problems);
        }
    }

    static void checkApiKeys(ApiKeysProperties keys, List<ConfigProblem> problems) {
        if (!keys.getHeader().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            problems.add(new ConfigProblem(API_KEYS + ".header", keys.getHeader(), "not a header name"));
        }
        if (keys.getReloadInterval().isNegative() || keys.getReloadInterval().isZero()) {
            problems.add(new ConfigProblem(
                    API_KEYS + ".reload-interval",
                    keys.getReloadInterval().toString(),
                    "must be more than 0, e.g. 5s"));
        }
        List<String> inline = new ArrayList<>();
        ApiKeyFile.parse(keys.getSha256(), inline);
        inline.forEach(problem -> problems.add(new ConfigProblem(API_KEYS + ".sha256", null, problem)));
        String file = keys.getFile();
        if (file == null || file.isBlank()) {
            return;
        }
        int before = problems.size();
        TlsChecks.readable(API_KEYS + ".file", file, problems);
        if (problems.size() > before) {
            return;
        }
        try {
            List<String> lines = new ArrayList<>();
            ApiKeyFile.parse(Files.readString(Path.of(file), StandardCharsets.UTF_8), lines);
            lines.forEach(problem -> problems.add(new ConfigProblem(API_KEYS + ".file", file, problem)));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            problems.add(new ConfigProblem(
                    API_KEYS + ".file", file, "cannot be read: " + e.getClass().getSimpleName()));
        }
    }
}
