package io.github.sigv4gateway.routing;

import io.github.sigv4gateway.credentials.CredentialsRegistry;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.signing.ClockSkew;
import io.github.sigv4gateway.signing.MalformedRequestTargetException;
import io.github.sigv4gateway.signing.RequestSigner;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Signs the request exactly as it will leave: runs last before {@link NettyRoutingFilter}, after every filter that
 * could change the URL, reads the body (bounded), spells path and query once, and hands the request to
 * {@link Forwarding}, which signs host, {@code x-amz-*} and the payload hash for each attempt and sends it.
 */
public final class SigV4GatewayFilter implements GatewayFilter, Ordered {

    /** Just before {@link NettyRoutingFilter} and the websocket routing filter. */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

    private final SigningRoute route;
    private final RequestSigning signing;
    private final Forwarding forwarding;
    private final BodyMemoryBudget bodyMemory;

    public SigV4GatewayFilter(
            SigningRoute route,
            CredentialsRegistry credentials,
            RequestSigner signer,
            ClockSkew skew,
            GatewayMeters meters,
            BodyMemoryBudget bodyMemory) {
        this.route = route;
        this.signing = new RequestSigning(route, credentials, signer, meters);
        this.forwarding = new Forwarding(route, signing, skew, meters);
        this.bodyMemory = bodyMemory;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        GatewayMeters.tagRoute(exchange, route.id());
        if (!signing.hasCredentials()) {
            // Before the body is read: nothing could be signed.
            return Mono.error(signing.noCredentials());
        }
        SigningRoute.Destination destination;
        try {
            destination = route.destination(exchange);
        } catch (MalformedRequestTargetException e) {
            return Mono.error(new GatewayException(
                    HttpStatus.BAD_REQUEST,
                    "malformed-target",
                    "request target cannot be forwarded on route '" + route.id() + "': " + e.getMessage()));
        }
        ServerHttpRequest request = exchange.getRequest();
        if (!BoundedBody.announced(request)) {
            // No Content-Length and no Transfer-Encoding: HTTP/1.1 says there is no body (RFC 9112 6.3).
            ReplayableBody none = new ReplayableBody(emptyBody(), null);
            return forwarding.send(exchange, chain, destination, none).doFinally(signal -> none.release());
        }
        BodyMemoryBudget.Reservation held = bodyMemory.open();
        return BoundedBody.read(request, route.maxBodySize(), route.id(), held)
                .switchIfEmpty(Mono.fromSupplier(SigV4GatewayFilter::emptyBody))
                .flatMap(bytes -> {
                    ReplayableBody body = new ReplayableBody(bytes, held);
                    return forwarding.send(exchange, chain, destination, body).doFinally(signal -> body.release());
                })
                .doFinally(signal -> held.release());
    }

    private static DataBuffer emptyBody() {
        return DefaultDataBufferFactory.sharedInstance.allocateBuffer(0);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public String toString() {
        return "SigV4[route=" + route.id() + ", region=" + route.scope().region() + ", service="
                + route.scope().service() + ", credentials=" + route.credentials() + "]";
    }
}
