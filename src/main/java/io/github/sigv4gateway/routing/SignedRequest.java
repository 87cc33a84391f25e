package io.github.sigv4gateway.routing;

import io.github.sigv4gateway.signing.SignatureHeaders;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;

/** One attempt of a request as it leaves the SigV4 filter: new URI and headers, and its view of the body, one chunk. */
final class SignedRequest extends ServerHttpRequestDecorator {

    private final URI uri;
    private final HttpHeaders headers;
    private final DataBuffer body;
    private final AtomicBoolean handedOver = new AtomicBoolean();

    /**
     * The client's request as signed: the signature's headers and {@code Host} set, {@code Content-Length} for the
     * exact body sent (a client's chunked body leaves with its length), the destination's URI.
     */
    static SignedRequest of(
            ServerHttpRequest request,
            SigningRoute.Destination destination,
            HttpHeaders headers,
            SignatureHeaders signature,
            DataBuffer body,
            boolean bodyAnnounced) {
        headers.set(HttpHeaders.HOST, destination.endpoint().hostHeader());
        headers.set(SignatureHeaders.X_AMZ_DATE, signature.amzDate());
        headers.set(SignatureHeaders.X_AMZ_CONTENT_SHA256, signature.contentSha256());
        if (signature.securityToken() != null) {
            headers.set(SignatureHeaders.X_AMZ_SECURITY_TOKEN, signature.securityToken());
        }
        headers.set(HttpHeaders.AUTHORIZATION, signature.authorization());
        int length = body.readableByteCount();
        if (length > 0 || bodyAnnounced) {
            headers.setContentLength(length);
        }
        return new SignedRequest(request, destination.uri(), headers, body);
    }

    private SignedRequest(ServerHttpRequest delegate, URI uri, HttpHeaders headers, DataBuffer body) {
        super(delegate);
        this.uri = uri;
        this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
        this.body = body;
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
            if (!handedOver.compareAndSet(false, true)) {
                return Flux.empty();
            }
            if (body.readableByteCount() == 0) {
                DataBufferUtils.release(body);
                return Flux.empty();
            }
            // Handed to Netty, which writes and frees it.
            return Flux.just(body);
        });
    }

    /**
     * Pooled buffers are recycled once released, so releasing one already written would free another
     * request's memory: only a body never handed to Netty is released here.
     */
    void releaseUnlessSent() {
        if (handedOver.compareAndSet(false, true)) {
            DataBufferUtils.release(body);
        }
    }
}
