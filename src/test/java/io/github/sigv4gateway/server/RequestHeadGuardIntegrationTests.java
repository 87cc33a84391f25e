package io.github.sigv4gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.testsupport.MotoServer;
import io.github.sigv4gateway.testsupport.RawHttp;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.Scrape;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Hostile and broken clients on a raw socket, answered before any routing: each gets the gateway's JSON answer
 * with the marker header and a closed connection. The route's target is a port nobody listens on, so anything
 * that slipped through would show as 502 instead.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestHeadGuardIntegrationTests {

    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start(
                "--sigv4-gateway.target=http://127.0.0.1:" + MotoServer.freePort(),
                "--sigv4-gateway.path=/fn/**",
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda",
                "--sigv4-gateway.credentials.default.type=static",
                "--sigv4-gateway.credentials.default.access-key-id=AKIDEXAMPLE",
                "--sigv4-gateway.credentials.default.secret-access-key=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "--sigv4-gateway.server.header-read-timeout=1s");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static Stream<Arguments> hostileRequests() {
        return Stream.of(
                Arguments.of(
                        "content-length with transfer-encoding",
                        "POST /fn/x HTTP/1.1\r\nHost: a\r\n"
                                + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400,
                        "malformed-request"),
                Arguments.of(
                        "two different content-lengths",
                        "POST /fn/x HTTP/1.1\r\nHost: a\r\n" + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                        400,
                        "malformed-request"),
                Arguments.of(
                        "obs-folded header",
                        "GET /fn/x HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n",
                        400,
                        "malformed-request"),
                Arguments.of(
                        "obs-fold with a tab",
                        "GET /fn/x HTTP/1.1\r\nHost: a\r\nX-A: one\r\n\ttwo\r\n\r\n",
                        400,
                        "malformed-request"),
                Arguments.of(
                        "control character in header value",
                        "GET /fn/x HTTP/1.1\r\nHost: a\r\nX-A: o\u0001ne\r\n\r\n",
                        400,
                        "malformed-request"),
                Arguments.of(
                        "control character in header name",
                        "GET /fn/x HTTP/1.1\r\nHost: a\r\nX\u0001A: one\r\n\r\n",
                        400,
                        "malformed-request"),
                Arguments.of("bare LF line endings", "GET /fn/x HTTP/1.1\nHost: a\n\n", 400, "malformed-request"),
                Arguments.of(
                        "transfer-encoding on HTTP/1.0",
                        "POST /fn/x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400,
                        "malformed-request"),
                Arguments.of(
                        "space in the request target",
                        "GET /fn/a b HTTP/1.1\r\nHost: a\r\n\r\n",
                        400,
                        "malformed-request"),
                Arguments.of(
                        "malformed escape in path", "GET /fn/%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400, "malformed-target"),
                Arguments.of(
                        "malformed escape in query",
                        "GET /fn/x?a=% HTTP/1.1\r\nHost: a\r\n\r\n",
                        400,
                        "malformed-target"),
                Arguments.of("asterisk-form", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", 400, "malformed-target"),
                Arguments.of(
                        "CONNECT",
                        "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n",
                        405,
                        "connect-not-supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void hostileRequest_isAnsweredByTheGateway_andTheConnectionClosed(
            String name, String request, int status, String reason) {
        RawHttp.Reply reply = RawHttp.exchange(gateway.port(), request, 5000);
        assertThat(reply.status()).as(name).isEqualTo(status);
        assertThat(reply.header("X-Sigv4-Gateway-Error")).isEqualTo(reason);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.body()).startsWith("{\"status\":" + status + ",");
        assertThat(reply.closed()).as("connection closed after the answer").isTrue();
    }

    @Test
    void oversizedHeaders_get431() {
        RawHttp.Reply reply = RawHttp.exchange(
                gateway.port(), "GET /fn/x HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n", 5000);
        assertThat(reply.status()).isEqualTo(431);
        assertThat(reply.header("X-Sigv4-Gateway-Error")).isEqualTo("request-too-large");
    }

    @Test
    void declaredBodyOverTheLimit_gets413_withoutReadingIt() {
        RawHttp.Reply reply = RawHttp.exchange(
                gateway.port(),
                "POST /fn/x HTTP/1.1\r\nHost: a\r\nContent-Length: 7000000\r\n\r\nonly a few bytes",
                5000);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.header("X-Sigv4-Gateway-Error")).isEqualTo("body-too-large");
        assertThat(reply.body()).contains("max-body-size of route 'default' (6291456 bytes)");
    }

    @Test
    void chunkedBodyOverTheLimit_gets413_assoonAsItPassesIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /fn/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes());
            byte[] chunk = new byte[1 << 20];
            String size = Integer.toHexString(chunk.length) + "\r\n";
            // 7 MiB in, more than the 6 MB limit; the gateway must answer without waiting for the end.
            for (int i = 0; i < 7; i++) {
                out.write(size.getBytes());
                out.write(chunk);
                out.write("\r\n".getBytes());
            }
            out.flush();
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertThat(head).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void noRoute_gets404Json() {
        RawHttp.Reply reply = RawHttp.exchange(gateway.port(), "GET /elsewhere HTTP/1.1\r\nHost: a\r\n\r\n", 2000);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header("X-Sigv4-Gateway-Error")).isEqualTo("no-route");
        assertThat(reply.body())
                .as("no route: the field is left out")
                .isEqualTo("{\"status\":404,"
                        + "\"error\":\"Not Found\",\"message\":\"no route matches path '/elsewhere'\"}");
    }

    /** Answers made before routing, by the Netty guards, are logged and counted like every other answer. */
    @Test
    void answersMadeBeforeRouting_areLoggedAndCounted_withoutARoute(CapturedOutput output) throws Exception {
        Map<String, String> requests = Map.of(
                "connect-not-supported", "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n",
                "malformed-target", "GET /fn/%zz HTTP/1.1\r\nHost: a\r\n\r\n",
                "malformed-request", "GET /fn/x HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n");
        Map<String, Double> before = new HashMap<>();
        for (String reason : List.of(
                "connect-not-supported",
                "malformed-target",
                "malformed-request",
                "request-too-large",
                "header-read-timeout")) {
            before.put(reason, rejections(reason));
        }
        requests.values().forEach(request -> RawHttp.exchange(gateway.port(), request, 5000));
        RawHttp.exchange(gateway.port(), "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 5000);
        RawHttp.exchange(
                gateway.port(), "GET /fn/x HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n", 5000);
        RawHttp.exchange(gateway.port(), "GET /fn/x HTTP/1.1\r\nHost: a\r\n", 5000);

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output.getOut())
                        .contains("route=- method=CONNECT path=- status=405")
                        .contains("route=- method=GET path=/fn/%zz status=400")
                        .contains("route=- method=- path=- status=400")
                        .contains("route=- method=- path=- status=414")
                        .contains("route=- method=- path=- status=431")
                        .contains("route=- method=- path=- status=408"));
        for (String reason : before.keySet()) {
            double expected = before.get(reason) + (reason.equals("request-too-large") ? 2 : 1);
            assertThat(rejections(reason)).as(reason).isEqualTo(expected);
        }
        assertThat(Scrape.of(gateway).samples("sigv4_gateway_requests_seconds_count"))
                .anySatisfy(sample -> {
                    assertThat(sample.labels()).containsEntry("route", "none").containsEntry("status", "405");
                    assertThat(sample.value()).isGreaterThanOrEqualTo(1);
                });
    }

    private static double rejections(String reason) {
        return Scrape.of(gateway).samples("sigv4_gateway_rejections_total").stream()
                .filter(sample -> reason.equals(sample.labels().get("reason"))
                        && "none".equals(sample.labels().get("route")))
                .mapToDouble(Scrape.Sample::value)
                .sum();
    }

    @Test
    void unreachableTarget_gets502Json_namingTheRoute() {
        RawHttp.Reply reply = RawHttp.exchange(gateway.port(), "GET /fn/x HTTP/1.1\r\nHost: a\r\n\r\n", 10000);
        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.header("X-Sigv4-Gateway-Error")).isEqualTo("upstream-refused");
        assertThat(reply.body()).contains("\"route\":\"default\"");
    }

    @Test
    void idleKeepAliveConnection_outlivesTheHeaderReadTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /elsewhere HTTP/1.1\r\nHost: a\r\n\r\n".getBytes());
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 404");
            Thread.sleep(1500);
            out.write("GET /elsewhere2 HTTP/1.1\r\nHost: a\r\n\r\n".getBytes());
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 404").contains("/elsewhere2");
        }
    }

    @Test
    void secondHeadTrickledOnAKeepAliveConnection_gets408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /elsewhere HTTP/1.1\r\nHost: a\r\n\r\n".getBytes());
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 404");
            out.write("GET /elsewhere2 HTTP/1.1\r\nHost: a\r\n".getBytes());
            out.flush();
            Instant sent = Instant.now();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 408").contains("header-read-timeout");
            assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(4));
        }
    }

    private static String readResponse(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void clientTricklingItsHead_isDropped_whileOthersAreServed() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", gateway.port())) {
            slow.setSoTimeout(5000);
            OutputStream out = slow.getOutputStream();
            InputStream in = slow.getInputStream();
            Instant started = Instant.now();
            out.write("GET /fn/x HTTP/1.1\r\n".getBytes());
            out.flush();
            boolean dropped = false;
            for (int i = 0; i < 40 && !dropped; i++) {
                // Meanwhile another client is served at once.
                RawHttp.Reply other =
                        RawHttp.exchange(gateway.port(), "GET /elsewhere HTTP/1.1\r\nHost: a\r\n\r\n", 2000);
                assertThat(other.status()).isEqualTo(404);
                try {
                    out.write("X".getBytes());
                    out.flush();
                    Thread.sleep(100);
                    if (in.available() > 0) {
                        dropped = true;
                    }
                } catch (java.io.IOException e) {
                    dropped = true;
                }
            }
            assertThat(dropped).as("slow client dropped").isTrue();
            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(4));
        }
    }
}
