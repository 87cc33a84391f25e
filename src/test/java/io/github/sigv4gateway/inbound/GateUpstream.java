package io.github.sigv4gateway.inbound;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function stand-in on 127.0.0.1 that counts the requests reaching it and holds each answer until the test opens
 * the gate (or {@code maxHold} passes), so requests stay in flight as long as the test needs. No signature check.
 */
final class GateUpstream implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger arrived = new AtomicInteger();
    private final Duration maxHold;
    private volatile CountDownLatch gate = new CountDownLatch(1);

    GateUpstream(Duration maxHold) throws IOException {
        this.maxHold = maxHold;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                arrived.incrementAndGet();
                gate.await(this.maxHold.toMillis(), TimeUnit.MILLISECONDS);
                byte[] body = "done".getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int arrived() {
        return arrived.get();
    }

    /** Lets every held answer go; later requests are held again until the next {@link #open()}. */
    void open() {
        CountDownLatch opened = gate;
        gate = new CountDownLatch(1);
        opened.countDown();
    }

    @Override
    public void close() {
        gate.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
