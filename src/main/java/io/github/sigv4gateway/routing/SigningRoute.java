package io.github.sigv4gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import io.github.sigv4gateway.config.GatewayRoute;
import io.github.sigv4gateway.config.RetrySettings;
import io.github.sigv4gateway.signing.Endpoint;
import io.github.sigv4gateway.signing.MalformedRequestTargetException;
import io.github.sigv4gateway.signing.RequestTarget;
import io.github.sigv4gateway.signing.SigningScope;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * A route as the SigV4 filter sees it, resolved once at startup: its id, how it signs (scope and credentials entry),
 * the largest body it takes, and its fixed target, or none for a standard SCG route, whose own filters compute
 * where each request goes.
 *
 * @param id route id, for errors and metrics
 * @param scope signing region and name
 * @param credentials credentials entry name
 * @param maxBodySize largest body accepted, bytes
 * @param retry when a request is sent again
 * @param target where requests go, or {@code null} to sign the URL the SCG route computed
 */
record SigningRoute(
        String id,
        SigningScope scope,
        String credentials,
        long maxBodySize,
        RetrySettings retry,
        @Nullable FixedTarget target) {

    /**
     * Where one request goes and the path and query it is signed and sent with: the fixed target's, or for a
     * standard SCG route the URL its own filters computed.
     *
     * @throws MalformedRequestTargetException when the path or query cannot be spelled for signing
     */
    Destination destination(ServerWebExchange exchange) {
        if (target != null) {
            return new Destination(
                    target.endpoint(), target.outgoing(exchange.getRequest().getURI()));
        }
        URI computed = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
        return new Destination(Endpoint.of(computed), RequestTarget.of(computed.getRawPath(), computed.getRawQuery()));
    }

    /**
     * Where a request goes.
     *
     * @param endpoint scheme, host, port and {@code Host} header
     * @param target the path and query, exactly as signed and sent
     */
    record Destination(Endpoint endpoint, RequestTarget target) {

        URI uri() {
            return endpoint.uri(target);
        }
    }

    /** One of the gateway's own routes. */
    static SigningRoute of(GatewayRoute route) {
        return new SigningRoute(
                route.id(),
                new SigningScope(route.region(), route.service()),
                route.credentials(),
                route.maxBodySize(),
                route.retry(),
                FixedTarget.of(route.target(), route.stripPrefix()));
    }
}
