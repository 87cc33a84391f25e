package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.answers.GatewayAnswer;
import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.testsupport.RawHttp;
import io.github.sigv4gateway.testsupport.RunningGateway;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bodies held for hashing are bounded gateway-wide: with 64 KiB allowed and two uploads of 30 000 bytes
 * still arriving, a third body gets 503 before it is read, whether it declares its length or comes chunked,
 * while bodiless requests go on; once the uploads end, the memory is free again.
 */
class BodyMemoryBudgetIntegrationTests {

    private static final String KEY = "AKIDBODYMEMORY";
    private static final String SECRET = "body-memory-secret-key";
    private static final int UPLOAD = 30_000;

    private static FunctionUrlEmulator emulator;
    private static RunningGateway gateway;
    private static BodyMemoryBudget memory;

    private final Socket[] uploads = new Socket[2];

    @BeforeAll
    static void start() {
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add(KEY, SECRET, "arn:aws:iam::123456789012:user/body"))
                .start();
        gateway = RunningGateway.start(
                "--sigv4-gateway.target=" + emulator.baseUri(),
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda",
                "--sigv4-gateway.max-body-size=32KB",
                "--sigv4-gateway.server.max-buffered-body-memory=64KB",
                "--sigv4-gateway.credentials.default.type=static",
                "--sigv4-gateway.credentials.default.access-key-id=" + KEY,
                "--sigv4-gateway.credentials.default.secret-access-key=" + SECRET);
        memory = gateway.context().getBean(BodyMemoryBudget.class);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        emulator.close();
    }

    @AfterEach
    void closeUploads() throws IOException {
        for (Socket upload : uploads) {
            if (upload != null) {
                upload.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> memory.held() == 0);
    }

    @Test
    void aDeclaredBodyThatDoesNotFit_gets503_beforeItIsRead_andBodilessRequestsGoOn() throws Exception {
        holdTwoUploads();

        RawHttp.Reply refused = RawHttp.exchange(gateway.port(), post("Content-Length: " + UPLOAD, body(UPLOAD)), 5000);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header(GatewayAnswer.MARKER_HEADER)).isEqualTo("body-memory-full");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.body())
                .contains("\"route\":\"default\"")
                .contains("sigv4-gateway.server.max-buffered-body-memory = 65536 bytes")
                .contains("retry later");
        assertThat(memory.held()).as("the refused body took nothing").isEqualTo(2L * UPLOAD);

        RawHttp.Reply get = RawHttp.exchange(
                gateway.port(), "GET /still-served HTTP/1.1\r\nHost: client\r\nConnection: close\r\n\r\n", 5000);
        assertThat(get.status()).isEqualTo(200);

        finish(uploads[0]);
        await().atMost(Duration.ofSeconds(10)).until(() -> memory.held() == UPLOAD);
        RawHttp.Reply accepted =
                RawHttp.exchange(gateway.port(), post("Content-Length: " + UPLOAD, body(UPLOAD)), 5000);
        assertThat(accepted.status())
                .as("room again once an upload was sent on")
                .isEqualTo(200);
        assertThat(emulator.lastRequest().body()).hasSize(UPLOAD);
    }

    /** The refused body is never read, so its bytes must not be taken for a next request on the connection. */
    @Test
    void aRefusedBody_closesTheConnection_evenWhenTheClientWouldKeepItAlive() throws Exception {
        holdTwoUploads();
        String smuggled = "GET /smuggled HTTP/1.1\r\nHost: client\r\n\r\n";
        String keepAlive = "POST /upload HTTP/1.1\r\nHost: client\r\nContent-Length: " + UPLOAD + "\r\n\r\n" + smuggled
                + body(UPLOAD - smuggled.length());
        String next = "GET /next HTTP/1.1\r\nHost: client\r\n\r\n";
        RawHttp.Reply refused = RawHttp.exchange(gateway.port(), keepAlive + next, 5000);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(refused.closed())
                .as("closed by the gateway, not left for the client's timeout")
                .isTrue();
        assertThat(refused.text()).as("one answer only").containsOnlyOnce("HTTP/1.1 ");
        assertThat(emulator.requests()).noneMatch(r -> r.rawTarget().contains("smuggled"));
    }

    @Test
    void aChunkedBodyThatDoesNotFit_isRefusedAtTheChunkThatPassesTheLimit() throws Exception {
        holdTwoUploads();
        String chunk = "1000\r\n" + "c".repeat(0x1000) + "\r\n";
        RawHttp.Reply refused = RawHttp.exchange(
                gateway.port(), post("Transfer-Encoding: chunked", chunk.repeat(3) + "0\r\n\r\n"), 5000);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header(GatewayAnswer.MARKER_HEADER)).isEqualTo("body-memory-full");
    }

    @Test
    void aClientThatLeavesMidUpload_givesItsMemoryBack() throws Exception {
        holdTwoUploads();
        uploads[0].close();
        uploads[1].close();
        await().atMost(Duration.ofSeconds(10)).until(() -> memory.held() == 0);
    }

    /** Two uploads whose heads and first bytes are sent, the rest held back: each holds its declared length. */
    private void holdTwoUploads() throws IOException {
        for (int i = 0; i < uploads.length; i++) {
            uploads[i] = new Socket("127.0.0.1", gateway.port());
            OutputStream out = uploads[i].getOutputStream();
            out.write(("POST /upload-" + i + " HTTP/1.1\r\nHost: client\r\nContent-Length: " + UPLOAD
                            + "\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body(1000).getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> memory.held() == 2L * UPLOAD);
    }

    private static void finish(Socket upload) throws IOException {
        OutputStream out = upload.getOutputStream();
        out.write(body(UPLOAD - 1000).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        upload.setSoTimeout(5000);
        RawHttp.Reply reply = RawHttp.read(upload.getInputStream());
        assertThat(reply.status()).isEqualTo(200);
    }

    private static String post(String framing, String body) {
        return "POST /upload HTTP/1.1\r\nHost: client\r\nConnection: close\r\n" + framing
                + "\r\nContent-Type: application/octet-stream\r\n\r\n" + body;
    }

    private static String body(int length) {
        char[] bytes = new char[length];
        Arrays.fill(bytes, 'b');
        return new String(bytes);
    }
}
