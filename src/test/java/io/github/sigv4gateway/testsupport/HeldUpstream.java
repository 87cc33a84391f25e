package io.github.sigv4gateway.testsupport;

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
 * A function stand-in on 127.0.0.1 that counts the requests reaching it and holds each answer until the test lets it
 * go (or {@code maxHold} passes), so requests are reliably in flight while the test does something to the gateway
 * (stops it, sends more than a route's max-concurrent). It checks no signature.
 */
public final class HeldUpstream implements AutoCloseable {

    /** 64 KiB of text, so a cut answer cannot pass for a whole one. */
    public static final String BODY = "0123456789abcdef".repeat(4096);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger arrived = new AtomicInteger();
    private final CountDownLatch firstArrival = new CountDownLatch(1);
    private volatile CountDownLatch gate = new CountDownLatch(1);
    private volatile boolean released;

    public HeldUpstream(Duration maxHold) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                CountDownLatch held = gate;
                arrived.incrementAndGet();
                firstArrival.countDown();
                if (!released) {
                    held.await(maxHold.toMillis(), TimeUnit.MILLISECONDS);
                }
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

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Requests that have reached this upstream so far. */
    public int arrived() {
        return arrived.get();
    }

    /** Waits until a request has reached this upstream (and is being held). */
    public boolean awaitArrival(Duration limit) throws InterruptedException {
        return firstArrival.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets every held answer go; later requests are held again until the next {@code open()}. */
    public void open() {
        CountDownLatch opened = gate;
        gate = new CountDownLatch(1);
        opened.countDown();
    }

    /** Lets every held answer, and every later one, go. */
    public void release() {
        released = true;
        gate.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
