package io.github.sigv4gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.testsupport.RawHttp;
import io.github.sigv4gateway.testsupport.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long request lines, as clients send to function URLs (filter queries, OAuth state, base64 tokens): up to 16 KiB
 * by default they reach the function signed, beyond it the gateway answers 414, and
 * {@code server.netty.max-initial-line-length} moves the limit.
 */
class RequestLineLimitIntegrationTests {

    private static final String KEY = "AKIDLINETEST";
    private static final String SECRET = "line/Secret";

    private static FunctionUrlEmulator emulator;
    private static RunningGateway defaults;
    private static RunningGateway raised;

    @BeforeAll
    static void start() {
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add(KEY, SECRET, "arn:aws:iam::1:user/line"))
                .start();
        defaults = gateway();
        raised = gateway("--server.netty.max-initial-line-length=40KB");
    }

    private static RunningGateway gateway(String... more) {
        return RunningGateway.signingFor(emulator.baseUri(), KEY, SECRET, more);
    }

    @AfterAll
    static void stop() {
        defaults.close();
        raised.close();
        emulator.close();
    }

    @BeforeEach
    void clear() {
        emulator.clear();
    }

    @Test
    void requestLineOf8And16KiB_reachesTheFunction_signed() {
        for (int lineLength : new int[] {8 * 1024, 16 * 1024 - 1}) {
            String target = targetForLine(lineLength);
            RawHttp.Reply reply = RawHttp.exchange(defaults.port(), get(target), 5000);

            assertThat(reply.status())
                    .as("request line of %d bytes: %s", lineLength, reply.text())
                    .isEqualTo(200);
            assertThat(emulator.lastRequest().accepted()).isTrue();
            assertThat(emulator.lastRequest().rawTarget()).isEqualTo(target);
        }
    }

    @Test
    void requestLineOver16KiB_gets414_andNeverReachesTheFunction() {
        RawHttp.Reply reply = RawHttp.exchange(defaults.port(), get(targetForLine(16 * 1024 + 512)), 5000);

        assertThat(reply.status()).isEqualTo(414);
        assertThat(reply.header("X-Sigv4-Gateway-Error")).isEqualTo("request-too-large");
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.body()).contains("request line is longer than the server accepts");
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void maxInitialLineLength_raisesTheLimit() {
        String target = targetForLine(32 * 1024);
        RawHttp.Reply reply = RawHttp.exchange(raised.port(), get(target), 5000);

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(emulator.lastRequest().rawTarget()).isEqualTo(target);
        assertThat(RawHttp.exchange(raised.port(), get(targetForLine(41 * 1024)), 5000)
                        .status())
                .isEqualTo(414);
    }

    /** A target whose request line, {@code GET <target> HTTP/1.1}, is {@code lineLength} bytes. */
    private static String targetForLine(int lineLength) {
        String prefix = "/search?filter=";
        int overhead = "GET ".length() + prefix.length() + " HTTP/1.1".length();
        return prefix + "a".repeat(lineLength - overhead);
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: client.example\r\nConnection: close\r\n\r\n";
    }
}
