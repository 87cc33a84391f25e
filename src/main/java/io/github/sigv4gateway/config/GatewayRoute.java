package io.github.sigv4gateway.config;

import java.net.URI;
import java.time.Duration;

/**
 * A route after validation and inference: everything the request path needs, nothing left to guess.
 *
 * @param id route name for logs, metrics and errors
 * @param order SCG route order: {@code routes[i]} have {@code i}, the top-level route comes after all others
 * @param path path pattern served
 * @param target base URL requests are sent to (scheme, host, optional port and path)
 * @param stripPrefix leading path segments removed before appending to the target's path
 * @param region signing region
 * @param service signing name
 * @param credentials name of the credentials entry
 * @param maxBodySize largest request body in bytes
 * @param connectTimeout upstream connect timeout
 * @param responseTimeout upstream response timeout
 * @param retry when a request is sent to the function again
 * @param access who and what may call the route
 */
public record GatewayRoute(
        String id,
        int order,
        String path,
        URI target,
        int stripPrefix,
        String region,
        String service,
        String credentials,
        long maxBodySize,
        Duration connectTimeout,
        Duration responseTimeout,
        RetrySettings retry,
        RouteAccess access) {

    /** The {@code Host} header value for the target: host, plus the port when it is not the scheme's default. */
    public String hostHeader() {
        int port = target.getPort();
        boolean defaultPort = port < 0
                || ("https".equals(target.getScheme()) && port == 443)
                || ("http".equals(target.getScheme()) && port == 80);
        return defaultPort ? target.getHost() : target.getHost() + ":" + port;
    }
}
