package io.github.sigv4gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.testsupport.HeldUpstream;
import io.github.sigv4gateway.testsupport.RawHttp;
import io.github.sigv4gateway.testsupport.RunningGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A route's methods and max-concurrent on real sockets: another method gets 405 with {@code Allow}, a request beyond
 * the limit 503 with {@code Retry-After: 1}, and neither reaches the function; a place is given back when the
 * answer completes and when the client goes away mid-request, so the limit never leaks.
 */
class RouteLimitsIntegrationTests {

    private static final String GET = "GET /limited/a HTTP/1.1\r\nHost: a\r\n\r\n";

    private static HeldUpstream upstream;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        upstream = new HeldUpstream(Duration.ofSeconds(20));
        gateway = RunningGateway.signingFor(
                upstream.baseUri(),
                "AKIDLIMITS",
                "limits/Secret",
                "--sigv4-gateway.routes[0].id=limited",
                "--sigv4-gateway.routes[0].path=/limited/**",
                "--sigv4-gateway.routes[0].target=" + upstream.baseUri(),
                "--sigv4-gateway.routes[0].region=us-east-1",
                "--sigv4-gateway.routes[0].service=lambda",
                "--sigv4-gateway.routes[0].methods=GET,POST",
                "--sigv4-gateway.routes[0].max-concurrent=2");
        // The first request through a fresh gateway takes a while (classes, connections): not in the tests' waits.
        Socket warmUp = send("GET /warm-up HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> upstream.arrived() == 1);
        upstream.open();
        assertThat(RawHttp.read(warmUp.getInputStream()).status()).isEqualTo(200);
        warmUp.close();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void otherMethods_get405WithAllow_andNeverReachTheFunction() {
        int before = upstream.arrived();
        for (String method : List.of("DELETE", "HEAD", "PUT")) {
            RawHttp.Reply reply = RawHttp.exchange(
                    gateway.port(), method + " /limited/a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 3000);

            assertThat(reply.status()).as(method).isEqualTo(405);
            assertThat(reply.header("Allow")).isEqualTo("GET, POST");
            assertThat(reply.header("X-Sigv4-Gateway-Error")).isEqualTo("method-not-allowed");
        }
        assertThat(upstream.arrived()).isEqualTo(before);
    }

    @Test
    void beyondMaxConcurrent_gets503RetryAfter_andPlacesComeBack_onCancelAndOnCompletion() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            fill(held);
            RawHttp.Reply refused = RawHttp.exchange(gateway.port(), GET, 3000);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.header("X-Sigv4-Gateway-Error")).isEqualTo("concurrency-limit");
            assertThat(refused.body()).contains("\"route\":\"limited\"");

            // Both clients leave while the function still holds their requests: their places come back.
            held.forEach(RouteLimitsIntegrationTests::closeQuietly);
            held.clear();
            fill(held);
            assertThat(RawHttp.exchange(gateway.port(), GET, 3000).status()).isEqualTo(503);

            // Answers that complete give their places back too.
            upstream.open();
            for (Socket socket : held) {
                assertThat(RawHttp.read(socket.getInputStream()).text()).startsWith("HTTP/1.1 200");
            }
            held.forEach(RouteLimitsIntegrationTests::closeQuietly);
            held.clear();
            fill(held);
        } finally {
            held.forEach(RouteLimitsIntegrationTests::closeQuietly);
            upstream.open();
        }
    }

    /** Two requests held by the function: the route's places, taken as soon as they are free again. */
    private static void fill(List<Socket> held) {
        int before = upstream.arrived();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    Socket socket = send(GET);
                    held.add(socket);
                    // Refused at once, or held by the function (no answer) once admitted.
                    await().atMost(Duration.ofSeconds(2))
                            .until(() -> upstream.arrived() > before + held.size() - 1
                                    || socket.getInputStream().available() > 0);
                    if (upstream.arrived() < before + held.size()) {
                        held.remove(socket);
                        closeQuietly(socket);
                    }
                    return held.size() == 2;
                });
        assertThat(upstream.arrived()).isEqualTo(before + 2);
    }

    private static Socket send(String request) {
        try {
            Socket socket = new Socket("127.0.0.1", gateway.port());
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
