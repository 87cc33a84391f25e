package io.github.sigv4gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;

import io.github.sigv4gateway.credentials.CredentialsRegistry;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.signing.MalformedRequestTargetException;
import io.github.sigv4gateway.signing.PayloadBuffers;
import io.github.sigv4gateway.signing.RequestSigner;
import io.github.sigv4gateway.signing.RequestTarget;
import io.github.sigv4gateway.signing.SignatureHeaders;
import io.github.sigv4gateway.signing.SigningInput;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
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
        URI outgoing;
        RequestTarget target;
        try {
            target = outgoingTarget(exchange);
            outgoing = outgoingBase(exchange);
        } catch (MalformedRequestTargetException e) {
            return Mono.error(new GatewayException(
                    HttpStatus.BAD_REQUEST,
                    "malformed-target",
                    "request target cannot be forwarded on route '" + route.id() + "': " + e.getMessage()));
        }
        ServerHttpRequest request = exchange.getRequest();
        if (!BoundedBody.announced(request)) {
            // No Content-Length and no Transfer-Encoding: HTTP/1.1 says there is no body (RFC 9112 6.3).
            return forward(exchange, chain, identity, outgoing, target, emptyBody(), null);
        }
        BodyMemoryBudget.Reservation held = bodyMemory.open();
        return BoundedBody.read(request, route.maxBodySize(), route.id(), held)
                .switchIfEmpty(Mono.fromSupplier(SigV4GatewayFilter::emptyBody))
                .flatMap(body -> forward(exchange, chain, identity, outgoing, target, body, held))
                .doFinally(signal -> held.release());
    }

    private Mono<Void> forward(
            ServerWebExchange exchange,
            GatewayFilterChain chain,
            AwsCredentialsIdentity identity,
            URI base,
            RequestTarget target,
            DataBuffer body,
            BodyMemoryBudget.@Nullable Reservation held) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = ClientHeaderPolicy.of(request.getHeaders());
        String host = hostHeader(base);
        long start = System.nanoTime();
        SignatureHeaders signature;
        try (DataBuffer.ByteBufferIterator views = body.readableByteBuffers()) {
            List<ByteBuffer> payload = new ArrayList<>(1);
            views.forEachRemaining(payload::add);
            signature = signer.sign(new SigningInput(
                    request.getMethod().name(),
                    base.getScheme(),
                    host,
                    target,
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
        headers.set(HttpHeaders.HOST, host);
        headers.set(SignatureHeaders.X_AMZ_DATE, signature.amzDate());
        headers.set(SignatureHeaders.X_AMZ_CONTENT_SHA256, signature.contentSha256());
        if (signature.securityToken() != null) {
            headers.set(SignatureHeaders.X_AMZ_SECURITY_TOKEN, signature.securityToken());
        }
        headers.set(HttpHeaders.AUTHORIZATION, signature.authorization());
        int length = body.readableByteCount();
        if (length > 0 || BoundedBody.announced(request)) {
            headers.setContentLength(length);
        }
        URI uri = URI.create(base.getScheme() + "://" + host + target.pathAndQuery());
        SignedRequest signed = new SignedRequest(request, uri, headers, body, held);
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, uri);
        exchange.getAttributes().put(PRESERVE_HOST_HEADER_ATTRIBUTE, true);
        // Netty releases the body once it takes it; this covers a request that never got that far.
        return chain.filter(exchange.mutate().request(signed).build()).doFinally(signal -> signed.releaseUnlessSent());
    }

    private RequestTarget outgoingTarget(ServerWebExchange exchange) {
        if (route.target() != null) {
            URI client = exchange.getRequest().getURI();
            return RequestTarget.of(client.getRawPath(), client.getRawQuery())
                    .stripPrefix(route.stripPrefix())
                    .withBasePath(rawPathOrEmpty(route.target()));
        }
        URI computed = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
        return RequestTarget.of(computed.getRawPath(), computed.getRawQuery());
    }

    private static DataBuffer emptyBody() {
        return DefaultDataBufferFactory.sharedInstance.allocateBuffer(0);
    }

    private URI outgoingBase(ServerWebExchange exchange) {
        return route.target() != null ? route.target() : exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
    }

    private static String rawPathOrEmpty(URI uri) {
        return uri.getRawPath() == null ? "" : uri.getRawPath();
    }

    private static String hostHeader(URI base) {
        int port = base.getPort();
        boolean defaultPort = port < 0
                || ("https".equalsIgnoreCase(base.getScheme()) && port == 443)
                || ("http".equalsIgnoreCase(base.getScheme()) && port == 80);
        return defaultPort ? base.getHost() : base.getHost() + ":" + port;
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

    /** The request as it leaves: new URI and headers, and the buffered body sent as one chunk. */
    private static final class SignedRequest extends ServerHttpRequestDecorator {

        private final URI uri;
        private final HttpHeaders headers;
        private final DataBuffer body;
        private final BodyMemoryBudget.@Nullable Reservation held;
        private final AtomicBoolean handedOver = new AtomicBoolean();

        SignedRequest(
                ServerHttpRequest delegate,
                URI uri,
                HttpHeaders headers,
                DataBuffer body,
                BodyMemoryBudget.@Nullable Reservation held) {
            super(delegate);
            this.uri = uri;
            this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
            this.body = body;
            this.held = held;
        }

        @Override
        public URI getURI() {
            return uri;
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                if (body.readableByteCount() == 0 || !handedOver.compareAndSet(false, true)) {
                    return Flux.empty();
                }
                // Handed to Netty, which writes and frees it: the body is no longer the gateway's to count.
                return Flux.just(body).doFinally(signal -> releaseHeld());
            });
        }

        private void releaseHeld() {
            if (held != null) {
                held.release();
            }
        }

        /**
         * Pooled buffers are recycled once released, so releasing one already written would free another
         * request's memory: only a body never handed to Netty is released here.
         */
        void releaseUnlessSent() {
            if (handedOver.compareAndSet(false, true)) {
                DataBufferUtils.release(body);
            }
            releaseHeld();
        }
    }
}
