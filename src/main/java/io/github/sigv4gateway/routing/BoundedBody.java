package io.github.sigv4gateway.routing;

import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a request body into memory up to a limit, because SigV4 needs the hash of the whole body before the
 * request leaves. A declared {@code Content-Length} over the limit is refused before any byte is read; a chunked
 * body is refused as soon as it passes the limit, and reading stops there. The same goes for the gateway-wide
 * {@link BodyMemoryBudget}.
 */
final class BoundedBody {

    private BoundedBody() {}

    /** Whether the client framed a body at all: a {@code Content-Length} (even 0) or a {@code Transfer-Encoding}. */
    static boolean announced(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return headers.getContentLength() >= 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    /**
     * @param held takes the body's bytes from the gateway's {@link BodyMemoryBudget}: a declared length up front (so a
     *        body that does not fit is refused before it is read), a chunked body chunk by chunk
     */
    static Mono<DataBuffer> read(
            ServerHttpRequest request, long maxBytes, String routeId, BodyMemoryBudget.Reservation held) {
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Mono.error(tooLarge(maxBytes, routeId));
        }
        // Only a chunked body can fail in the decoder; the guard costs a Content-Length body's requests measurably.
        Flux<DataBuffer> body = declared < 0 ? letGoOnError(request.getBody()) : request.getBody();
        if (declared > 0 && !held.grow(declared)) {
            return Mono.error(held.full(routeId));
        } else if (declared < 0) {
            body = body.handle((chunk, sink) -> {
                if (held.grow(chunk.readableByteCount())) {
                    sink.next(chunk);
                } else {
                    DataBufferUtils.release(chunk);
                    sink.error(held.full(routeId));
                }
            });
        }
        int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE - 8);
        return DataBufferUtils.join(body, limit)
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(maxBytes, routeId));
    }

    /**
     * Cancels the body's subscription once it has failed (a malformed chunk, a client gone mid-body). Reactor Netty
     * keeps the subscriber of a failed body and signals the same error to it again when the exchange ends, which
     * Reactor then logs at ERROR as a dropped error with its stack trace; a cancelled subscriber is let go of.
     */
    private static Flux<DataBuffer> letGoOnError(Flux<DataBuffer> body) {
        return Flux.defer(() -> {
            AtomicReference<Subscription> upstream = new AtomicReference<>();
            return body.doOnSubscribe(upstream::set)
                    .doOnError(failure -> upstream.get().cancel());
        });
    }

    private static GatewayException tooLarge(long maxBytes, String routeId) {
        return new GatewayException(
                HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large",
                "request body exceeds max-body-size of route '" + routeId + "' (" + maxBytes + " bytes)");
    }
}
