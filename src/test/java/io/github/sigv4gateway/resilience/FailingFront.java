package io.github.sigv4gateway.resilience;

import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A thin front for the {@link FunctionUrlEmulator} that fails on demand with an answer STATUS (never a closed
 * connection, which the gateway's own retry would handle): every request is relayed byte for byte, Host included,
 * to the emulator, which verifies its signature and records it like AWS; the next {@link #failNext} ones then get
 * the chosen status instead of the emulator's answer. So each attempt of a retried request is checked by a real
 * verifier, and only SCG's filters (Retry, CircuitBreaker) act on the failure.
 */
final class FailingFront implements AutoCloseable {

    private final DisposableServer server;
    private final HttpClient relay;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private volatile int failureStatus = 503;

    FailingFront(FunctionUrlEmulator emulator) {
        this.relay = HttpClient.create().baseUrl(emulator.baseUri().toString()).responseTimeout(Duration.ofSeconds(5));
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(this::handle)
                .bindNow();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** The next {@code count} requests get {@code status} (after the emulator has verified and recorded them). */
    void failNext(int count, int status) {
        this.failureStatus = status;
        this.failuresLeft.set(count);
    }

    /** Requests that reached this front, relayed or not. */
    int received() {
        return received.get();
    }

    void reset() {
        failuresLeft.set(0);
        received.set(0);
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        received.incrementAndGet();
        return request.receive()
                .aggregate()
                .asByteArray()
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> relay.headers(h -> h.set(request.requestHeaders()))
                        .request(HttpMethod.valueOf(request.method().name()))
                        .uri(request.uri())
                        .send((out, outbound) -> outbound.sendByteArray(Mono.just(body)))
                        .responseSingle((answer, content) -> content.asByteArray()
                                .defaultIfEmpty(new byte[0])
                                .flatMap(bytes -> {
                                    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                                        return fail(response);
                                    }
                                    response.status(answer.status());
                                    answer.responseHeaders().forEach(h -> response.header(h.getKey(), h.getValue()));
                                    return response.sendByteArray(Mono.just(bytes))
                                            .then();
                                })));
    }

    private Mono<Void> fail(HttpServerResponse response) {
        byte[] body = "{\"Message\":\"Service Unavailable\"}".getBytes(StandardCharsets.UTF_8);
        return response.status(HttpResponseStatus.valueOf(failureStatus))
                .header("Content-Type", "application/json")
                .header("Content-Length", String.valueOf(body.length))
                .sendByteArray(Mono.just(body))
                .then();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
