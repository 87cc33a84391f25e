package io.github.sigv4gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;

import io.github.sigv4gateway.credentials.CredentialsRegistry;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.signing.MalformedRequestTargetException;
import io.github.sigv4gateway.signing.PayloadBuffers;
import io.github.sigv4gateway.signing.RequestSigner;
import io.github.sigv4gateway.signing.SignatureHeaders;
import io.github.sigv4gateway.signing.SigningInput;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs the request exactly as it will leave: runs last before {@link NettyRoutingFilter}, after every filter that
 * could change the URL, reads the body (bounded), spells path and query once, signs host, {@code x-amz-*} and the
 * payload hash, and hands NettyRoutingFilter a request that nothing later changes in a signed part.
 */
public final class SigV4GatewayFilter implements GatewayFilter, Ordered {

    /** Just before {@link NettyRoutingFilter} and the websocket routing filter. */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

    private final SigningRoute route;
    private final CredentialsRegistry credentials;
    private final RequestSigner signer;
    private final GatewayMeters meters;
    private final BodyMemoryBudget bodyMemory;

    public SigV4GatewayFilter(
            SigningRoute route,
            CredentialsRegistry credentials,
            RequestSigner signer,
            GatewayMeters meters,
            BodyMemoryBudget bodyMemory) {
        this.route = route;
        this.credentials = credentials;
        this.signer = signer;
        this.meters = meters;
        this.bodyMemory = bodyMemory;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        GatewayMeters.tagRoute(exchange, route.id());
        AwsCredentialsIdentity identity =
                credentials.current(route.credentials()).orElse(null);
        if (identity == null) {
            return Mono.error(new GatewayException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "no-credentials",
                    "no valid credentials for entry '" + route.credentials() + "' used by route '" + route.id()
                            + "'; see the gateway log and /actuator/health/readiness"));
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
            return forward(exchange, chain, identity, destination, emptyBody(), null);
        }
        BodyMemoryBudget.Reservation held = bodyMemory.open();
        return BoundedBody.read(request, route.maxBodySize(), route.id(), held)
                .switchIfEmpty(Mono.fromSupplier(SigV4GatewayFilter::emptyBody))
                .flatMap(body -> forward(exchange, chain, identity, destination, body, held))
                .doFinally(signal -> held.release());
    }

    private Mono<Void> forward(
            ServerWebExchange exchange,
            GatewayFilterChain chain,
            AwsCredentialsIdentity identity,
            SigningRoute.Destination destination,
            DataBuffer body,
            BodyMemoryBudget.@Nullable Reservation held) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = ClientHeaderPolicy.of(request.getHeaders());
        long start = System.nanoTime();
        SignatureHeaders signature;
        try (DataBuffer.ByteBufferIterator views = body.readableByteBuffers()) {
            List<ByteBuffer> payload = new ArrayList<>(1);
            views.forEachRemaining(payload::add);
            signature = signer.sign(new SigningInput(
                    request.getMethod().name(),
                    destination.endpoint(),
                    destination.target(),
                    ClientHeaderPolicy.toSign(headers),
                    new PayloadBuffers(payload),
                    route.scope(),
                    identity));
        } catch (RuntimeException e) {
            DataBufferUtils.release(body);
            throw e;
        } finally {
            meters.signingTime(route.id(), System.nanoTime() - start);
        }
        SignedRequest signed = SignedRequest.of(request, destination, headers, signature, body, held);
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, signed.getURI());
        exchange.getAttributes().put(PRESERVE_HOST_HEADER_ATTRIBUTE, true);
        // Netty releases the body once it takes it; this covers a request that never got that far.
        return chain.filter(exchange.mutate().request(signed).build()).doFinally(signal -> signed.releaseUnlessSent());
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
