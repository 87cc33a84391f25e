package io.github.sigv4gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The URLs the configuration names: a route's target and an STS endpoint, each problem collected, not thrown. */
final class UrlChecks {

    private UrlChecks() {}

    static @Nullable URI target(
            String key, @Nullable String value, List<String> allowedHttpHosts, List<ConfigProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new ConfigProblem(
                    key, null, "required: the function URL, e.g. https://abc123.lambda-url.us-east-1.on.aws"));
            return null;
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            problems.add(new ConfigProblem(key, value, "not a valid URL: " + e.getReason()));
            return null;
        }
        String scheme = uri.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            problems.add(new ConfigProblem(key, value, "must be an https:// URL (http:// only for local emulators)"));
            return null;
        }
        if (uri.getHost() == null) {
            problems.add(new ConfigProblem(key, value, "has no host name"));
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            problems.add(new ConfigProblem(key, value, "must not carry a query, fragment or user info"));
            return null;
        }
        if ("http".equalsIgnoreCase(scheme)
                && !isLoopback(uri.getHost())
                && allowedHttpHosts.stream().noneMatch(host -> host.equalsIgnoreCase(uri.getHost()))) {
            problems.add(new ConfigProblem(
                    key,
                    value,
                    "must be an https:// URL (http:// only for local emulators:"
                            + " a loopback address, or a host listed in " + GatewayProperties.PREFIX
                            + ".allowed-http-hosts)"));
            return null;
        }
        return uri;
    }

    /** A loopback address as written (no name is resolved): localhost, 127.0.0.0/8 or ::1. */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return "localhost".equalsIgnoreCase(bare)
                || bare.matches("127(\\.\\d{1,3}){3}")
                || bare.matches("(0{0,4}:){2,7}0{0,3}1")
                || "::1".equals(bare);
    }

    static void stsEndpoint(String key, @Nullable String endpoint, List<ConfigProblem> problems) {
        if (endpoint == null) {
            return;
        }
        try {
            URI uri = new URI(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null) {
                problems.add(
                        new ConfigProblem(key, endpoint, "must be a URL such as https://sts.eu-west-1.amazonaws.com"));
            }
        } catch (URISyntaxException e) {
            problems.add(new ConfigProblem(key, endpoint, "not a valid URL: " + e.getReason()));
        }
    }
}
