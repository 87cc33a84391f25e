package io.github.sigv4gateway.deploy;

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

/**
 * A function stand-in on 127.0.0.1 that holds every answer until the test releases it (or {@code maxHold} passes),
 * so a request is reliably in flight while the test does something to the gateway. It checks no signature.
 */
final class HeldUpstream implements AutoCloseable {

    /** 64 KiB of text, so a cut answer cannot pass for a whole one. */
    static final String BODY = "0123456789abcdef".repeat(4096);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    HeldUpstream(Duration maxHold) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                arrived.countDown();
                released.await(maxHold.toMillis(), TimeUnit.MILLISECONDS);
                byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
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

    /** Waits until a request has reached this upstream (and is being held). */
    boolean awaitArrival(Duration limit) throws InterruptedException {
        return arrived.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets every held answer (and every later one) go. */
    void release() {
        released.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
