package io.github.sigv4gateway.server;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Mono;

/**
 * Sends a short answer of declared length in one write. Reactor Netty sends a body that comes as a stream of
 * buffers, as SCG relays every function answer, after a head flushed on its own: two socket writes, and two
 * wake-ups of the client, for a 200-byte JSON answer. A body given as one buffer leaves with its head in one.
 *
 * <p>Only bodies with a {@code Content-Length} of at most {@value #MAX_JOINED} bytes, written with
 * {@code writeWith}, are joined (without copying) before they are written; the HTTP client's decoder never
 * passes on more than the length the function declared. Chunked and larger answers, and media types SCG
 * streams with {@code writeAndFlushWith}, still go out buffer by buffer, as they arrive.
 */
public final class SingleWriteHttpHandler implements HttpHandler {

    /** The longest body held back until it is whole. */
    public static final int MAX_JOINED = 16 * 1024;

    private final HttpHandler delegate;

    public SingleWriteHttpHandler(HttpHandler delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
        return delegate.handle(request, new SingleWriteResponse(response));
    }

    static final class SingleWriteResponse extends ServerHttpResponseDecorator {

        SingleWriteResponse(ServerHttpResponse delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            if (!(body instanceof Mono) && declaredLength() <= MAX_JOINED) {
                return super.writeWith(DataBufferUtils.join(body));
            }
            return super.writeWith(body);
        }

        /** The declared body length; above the limit when there is none, or none that parses. */
        private long declaredLength() {
            String declared = getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
            if (declared == null) {
                return Long.MAX_VALUE;
            }
            try {
                long length = Long.parseLong(declared.trim());
                return length < 0 ? Long.MAX_VALUE : length;
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }
    }
}
