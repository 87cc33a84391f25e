package io.github.sigv4gateway.routing;

import io.github.sigv4gateway.signing.Endpoint;
import io.github.sigv4gateway.signing.RequestTarget;
import java.net.URI;

/**
 * A route's target, worked out once at startup: where requests go and how a client's path becomes the path sent,
 * the leading segments stripped and the rest appended to the target's own path.
 *
 * @param endpoint scheme, host, port and {@code Host} header of the target
 * @param basePath the target URL's path, still encoded; empty for none
 * @param stripPrefix leading path segments of the client's path removed first
 */
record FixedTarget(Endpoint endpoint, String basePath, int stripPrefix) {

    static FixedTarget of(URI target, int stripPrefix) {
        return new FixedTarget(
                Endpoint.of(target), target.getRawPath() == null ? "" : target.getRawPath(), stripPrefix);
    }

    /** The path and query sent for a client's request URI: normalised, stripped and put under the base path. */
    RequestTarget outgoing(URI client) {
        return RequestTarget.of(client.getRawPath(), client.getRawQuery())
                .stripPrefix(stripPrefix)
                .withBasePath(basePath);
    }
}
