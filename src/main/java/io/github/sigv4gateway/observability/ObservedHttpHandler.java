package io.github.sigv4gateway.observability;

import java.util.Map;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Wraps the whole proxy-port handler, error answers included, so every routed request yields exactly one
 * {@link RequestLog} record once its response is done.
 */
public final class ObservedHttpHandler implements HttpHandler {

    /** Not an HTTP status anybody receives: what the access log and meters record for a client that left. */
    static final int CLIENT_CLOSED_REQUEST = 499;

    /** The client of a routed request that no inbound check named: authentication is off on its route. */
    static final String ANONYMOUS = "anonymous";

    private final HttpHandler delegate;
    private final RequestLog log;

    public ObservedHttpHandler(HttpHandler delegate, GatewayMeters meters) {
        this.delegate = delegate;
        this.log = new RequestLog(meters);
    }

    @Override
    public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
        RequestRecord record = new RequestRecord();
        CountingResponse counted = new CountingResponse(response, record);
        return delegate.handle(new RecordedRequest(request, record), counted)
                .doFinally(signal -> complete(request, counted, record, signal));
    }

    private void complete(
            ServerHttpRequest request, ServerHttpResponse response, RequestRecord record, SignalType signal) {
        String client = record.client;
        String clientTag = record.clientTag;
        log.record(
                record.routeId,
                client == null ? ANONYMOUS : client,
                clientTag == null ? ANONYMOUS : clientTag,
                request.getMethod().name(),
                request.getURI().getRawPath(),
                statusSent(response, record, signal),
                System.nanoTime() - record.startNanos,
                record.bytesIn,
                record.bytesOut,
                record.rejection);
    }

    /**
     * The status the client got. A client that left before the response head was sent (it closed its connection
     * mid-request, or while the function worked) got none: that is logged and counted as 499, as nginx does,
     * rather than as the 200 an unanswered response starts with. The gateway's error handler tells of a client
     * that left during the request; a cancel before the head was committed tells of one that left while waiting.
     */
    private static int statusSent(ServerHttpResponse response, RequestRecord record, SignalType signal) {
        if (record.clientLeft || (signal == SignalType.CANCEL && !response.isCommitted())) {
            return CLIENT_CLOSED_REQUEST;
        }
        HttpStatusCode code = response.getStatusCode();
        return code == null ? 200 : code.value();
    }

    /** Carries the record to the exchange, where {@link RequestRecord#of} picks it up. */
    private static final class RecordedRequest extends ServerHttpRequestDecorator {

        private final Map<String, Object> attributes;

        private final RequestRecord record;

        RecordedRequest(ServerHttpRequest delegate, RequestRecord record) {
            super(delegate);
            this.record = record;
            this.attributes = Map.of(RequestRecord.ATTRIBUTE, record);
        }

        /** Counts request body bytes as they are read (a body refused as too large counts what was read). */
        @Override
        public Flux<DataBuffer> getBody() {
            return super.getBody().doOnNext(buffer -> record.addBytesIn(buffer.readableByteCount()));
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }
    }

    /** Counts response bytes as they are written, without holding them. */
    private static final class CountingResponse extends ServerHttpResponseDecorator {

        private final RequestRecord record;

        CountingResponse(ServerHttpResponse delegate, RequestRecord record) {
            super(delegate);
            this.record = record;
        }

        /** A body given as one buffer stays a {@code Mono}: Reactor Netty then writes it with the head, at once. */
        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            if (body instanceof Mono<? extends DataBuffer> single) {
                return super.writeWith(single.doOnNext(this::count));
            }
            return super.writeWith(Flux.from(body).doOnNext(this::count));
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return super.writeAndFlushWith(
                    Flux.from(body).map(chunk -> Flux.from(chunk).doOnNext(this::count)));
        }

        private void count(DataBuffer buffer) {
            record.bytesOut += buffer.readableByteCount();
        }
    }
}
