package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.emulator.RecordedRequest;
import io.github.sigv4gateway.testsupport.RawHttp;
import io.github.sigv4gateway.testsupport.RunningGateway;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Request bodies that cannot be read whole never reach the function: every kind of chunked-decoding failure gets
 * the gateway's JSON 400 on a closed connection, and a body cut short by the client is dropped. The function-URL
 * emulator records every request it receives, so anything forwarded, even with an empty body, would show.
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedBodyIntegrationTests {

    private static final String HEAD = "POST /x HTTP/1.1\r\nHost: client.example\r\nTransfer-Encoding: chunked\r\n\r\n";

    private static FunctionUrlEmulator emulator;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add("AKIDBODYTEST", "body/Secret", "arn:aws:iam::1:user/b"))
                .start();
        gateway = RunningGateway.signingFor(emulator.baseUri(), "AKIDBODYTEST", "body/Secret");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        emulator.close();
    }

    @BeforeEach
    void clear() {
        emulator.clear();
    }

    static Stream<Arguments> malformedChunkedBodies() {
        return Stream.of(
                Arguments.of("negative chunk size", "-5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk size with a 0x prefix", "0x5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk size over 64 bits", "fffffffffffffffff5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk size that is not hex", "zz\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk data without its CRLF", "5\r\nhelloXX0\r\n\r\n"),
                Arguments.of("good chunk, then a bad size", "5\r\nhello\r\n-1\r\n\r\n"),
                Arguments.of("control character in a trailer", "5\r\nhello\r\n0\r\nX-T\u0001: v\r\n\r\n"),
                Arguments.of(
                        "trailer larger than the header limit",
                        "5\r\nhello\r\n0\r\nX-T: " + "t".repeat(40_000) + "\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedChunkedBodies")
    void malformedChunkedBody_gets400_andNeverReachesTheFunction(String name, String body, CapturedOutput output) {
        RawHttp.Reply reply = RawHttp.exchange(gateway.port(), HEAD + body, 5000);

        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat(reply.header("X-Sigv4-Gateway-Error")).isEqualTo("malformed-request");
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.body())
                .contains("\"status\":400")
                .contains("route 'default'")
                .contains("\"route\":\"default\"");
        assertThat(reply.closed())
                .as("framing lost: the connection is not reused")
                .isTrue();
        assertThat(forwardedBefore(sentinel()))
                .as("requests the function received")
                .isEmpty();
        assertThat(output.getAll())
                .as("a client's mistake is no gateway error")
                .doesNotContain(" ERROR ")
                .doesNotContain("MalformedRequestBodyException");
    }

    @Test
    void bodyCutShortByTheClient_neverReachesTheFunction() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nonly ten b"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200);
        }
        await().pollDelay(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(forwardedBefore(sentinel()))
                        .as("requests the function received")
                        .isEmpty());
    }

    @Test
    void chunkedBodyCutShortByTheClient_neverReachesTheFunction() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = socket.getOutputStream();
            out.write((HEAD + "5\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200);
        }
        await().pollDelay(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(forwardedBefore(sentinel()))
                        .as("requests the function received")
                        .isEmpty());
    }

    /** Sends a good request and returns its target, so what arrived before it can be told apart. */
    private static String sentinel() {
        String target = "/sentinel-" + System.nanoTime();
        RawHttp.Reply reply = RawHttp.exchange(
                gateway.port(), "GET " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 5000);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return target;
    }

    /** What the function received other than the sentinel requests. */
    private static List<String> forwardedBefore(String sentinel) {
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        emulator.requests().stream().anyMatch(r -> r.rawTarget().equals(sentinel)));
        return emulator.requests().stream()
                .map(RecordedRequest::rawTarget)
                .filter(target -> !target.startsWith("/sentinel-"))
                .toList();
    }
}
