package io.github.sigv4gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.testsupport.RawHttp;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.TestPki;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * HTTPS on the proxy port from PEM files (sigv4-gateway.server.tls), on real sockets: requests are signed and
 * forwarded as over plain HTTP, the head guards still answer behind the TLS handler, TLS 1.1 is refused, a rotated
 * certificate is served on new connections without a restart, and the management port stays plain HTTP.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyTlsIntegrationTests {

    static final String KEY = "AKIDTLSTEST";
    static final String SECRET = "tls/Secret+Key";

    @TempDir
    static Path directory;

    private static TestPki pki;
    private static TestPki.Issued served;
    private static FunctionUrlEmulator emulator;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        pki = new TestPki(directory, "server");
        served = pki.issue("proxy", "/CN=localhost", "DNS:localhost,IP:127.0.0.1");
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add(KEY, SECRET, "arn:aws:iam::123456789012:user/tls"))
                .start();
        gateway = RunningGateway.signingFor(
                emulator.baseUri(),
                KEY,
                SECRET,
                "--sigv4-gateway.server.tls.certificate=" + served.certificate(),
                "--sigv4-gateway.server.tls.private-key=" + served.privateKey(),
                "--spring.ssl.bundle.watch.file.quiet-period=300ms");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void https_isSignedAndForwarded_forAnAnonymousClient(CapturedOutput output) throws Exception {
        try (HttpClient client = HttpClient.newBuilder()
                .sslContext(pki.clientContext(null))
                .version(HttpClient.Version.HTTP_1_1)
                .build()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + "/hello?x=1"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("arn:aws:iam::123456789012:user/tls");
            assertThat(emulator.lastRequest().accepted()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() ->
                        assertThat(output.getAll()).containsPattern("path=/hello status=200 .* client=anonymous"));
        assertThat(gateway.context()
                        .getBean(MeterRegistry.class)
                        .find("sigv4.gateway.requests")
                        .tags("route", "default", "client", "anonymous")
                        .timer())
                .isNotNull();
    }

    @Test
    void plainHttp_onTheProxyPort_getsNoHttpAnswer() {
        RawHttp.Reply reply = RawHttp.exchange(gateway.port(), "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n", 3000);

        assertThat(reply.status()).isEqualTo(-1);
    }

    @Test
    void headGuards_stillAnswer_behindTheTlsHandler() {
        emulator.clear();
        RawHttp.Reply reply = TlsProbe.exchange(
                pki.clientContext(null), gateway.port(), "GET /x HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("X-Sigv4-Gateway-Error")).isEqualTo("malformed-request");
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void tls11_isRefused_tls12_isServed() {
        assertThat(TlsProbe.firstRecordType(gateway.port(), 0x0302)).isNotEqualTo(22);
        assertThat(TlsProbe.firstRecordType(gateway.port(), 0x0303)).isEqualTo(22);
    }

    @Test
    void managementPort_staysPlainHttp() {
        assertThat(gateway.management("/actuator/health/readiness").statusCode())
                .isEqualTo(200);
    }

    @Test
    void rotatedCertificate_isServedOnNewConnections_withoutRestart() {
        SSLContext client = pki.clientContext(null);
        BigInteger before = TlsProbe.servedSerial(client, gateway.port());
        assertThat(before).isEqualTo(served.x509().getSerialNumber());
        TestPki.Issued renewed = pki.issue("proxy-renewed", "/CN=localhost", "DNS:localhost,IP:127.0.0.1");

        TestPki.replace(served, renewed);

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> TlsProbe.servedSerial(client, gateway.port()),
                        s -> s.equals(renewed.x509().getSerialNumber()));
    }
}
