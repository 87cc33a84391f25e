package io.github.sigv4gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.testsupport.Closeables;
import io.github.sigv4gateway.testsupport.NettyBlockingDetector;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.TestPki;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Client certificates on real sockets: a route's allow list lets in the certificates it names (a SPIFFE ID as URI
 * SAN, a DNS SAN, a subject DN, or any verified one) and answers 403 to the others, which never reach the function
 * (the emulator's log stays empty). With client-auth need, a client without a certificate signed by the client CA
 * cannot even connect; with want it connects, and only open routes serve it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientCertificateIntegrationTests {

    static final String KEY = "AKIDMTLSTEST";
    static final String SECRET = "mtls/Secret+Key";
    static final String ORDERS = "spiffe://cluster.local/ns/shop/sa/orders";

    @TempDir
    static Path directory;

    private static TestPki serverPki;
    private static TestPki clientPki;
    private static FunctionUrlEmulator emulator;
    private static RunningGateway wanting;
    private static RunningGateway needing;
    private static TestPki.Issued orders;
    private static TestPki.Issued billing;
    private static TestPki.Issued reports;
    private static TestPki.Issued stranger;

    @BeforeAll
    static void start() {
        serverPki = new TestPki(directory, "server");
        clientPki = new TestPki(directory, "clients");
        TestPki.Issued served = serverPki.issue("proxy", "/CN=localhost", "DNS:localhost,IP:127.0.0.1");
        orders = clientPki.issue("orders", "/CN=orders", "URI:" + ORDERS);
        billing = clientPki.issue("billing", "/CN=billing", "DNS:billing.shop.svc");
        reports = clientPki.issue("reports", "/O=shop/CN=reports", null);
        stranger = clientPki.issue("stranger", "/CN=stranger", "URI:spiffe://cluster.local/ns/other/sa/x");
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add(KEY, SECRET, "arn:aws:iam::123456789012:user/mtls"))
                .start();
        wanting = gateway(served, "want");
        needing = gateway(served, "need");
    }

    private static RunningGateway gateway(TestPki.Issued served, String clientAuth) {
        List<String> args = new ArrayList<>(List.of(
                "--sigv4-gateway.server.tls.certificate=" + served.certificate(),
                "--sigv4-gateway.server.tls.private-key=" + served.privateKey(),
                "--sigv4-gateway.server.tls.client-ca=" + clientPki.caCertificate(),
                "--sigv4-gateway.server.tls.client-auth=" + clientAuth));
        args.addAll(route(0, "shop", "/shop/**"));
        args.add("--sigv4-gateway.routes[0].allow[0]=uri:" + ORDERS);
        args.add("--sigv4-gateway.routes[0].allow[1]=dns:billing.shop.svc");
        args.add("--sigv4-gateway.routes[0].allow[2]=subject:CN=reports,O=shop");
        args.addAll(route(1, "verified", "/verified/**"));
        args.add("--sigv4-gateway.routes[1].allow[0]=certificate:*");
        return RunningGateway.signingFor(emulator.baseUri(), KEY, SECRET, args.toArray(String[]::new));
    }

    private static List<String> route(int index, String id, String path) {
        return InboundRoutes.route(emulator, index, id, path);
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(wanting, needing, emulator);
    }

    @BeforeEach
    void clear() {
        emulator.clear();
    }

    @Test
    void eachNamedIdentity_isLetIn_andSigned() throws Exception {
        for (TestPki.Issued client : List.of(orders, billing, reports)) {
            HttpResponse<String> response = get(wanting, client, "/shop/cart");

            assertThat(response.statusCode())
                    .as(client.certificate().toString())
                    .isEqualTo(200);
        }
        assertThat(emulator.requests()).hasSize(3).allMatch(request -> request.accepted());
    }

    @Test
    void anotherCertificate_gets403_andNeverReachesTheFunction() throws Exception {
        HttpResponse<String> response = get(wanting, stranger, "/shop/cart");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Sigv4-Gateway-Error")).hasValue("client-not-allowed");
        assertThat(response.body()).contains("\"route\":\"shop\"").doesNotContain("spiffe");
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void audit_namesTheCertificate_tagsTheAllowEntry_andCountsRefusals(CapturedOutput output) throws Exception {
        MeterRegistry meters = wanting.context().getBean(MeterRegistry.class);
        double refusedBefore = failures(meters, "client-not-allowed");

        assertThat(get(wanting, orders, "/shop/audit").statusCode()).isEqualTo(200);
        assertThat(get(wanting, reports, "/shop/audit").statusCode()).isEqualTo(200);
        assertThat(get(wanting, stranger, "/shop/audit").statusCode()).isEqualTo(403);

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output.getAll())
                        .contains("path=/shop/audit status=200 ")
                        .containsPattern("path=/shop/audit status=200 .* client=" + ORDERS + "\\R")
                        .containsPattern("path=/shop/audit status=200 .* client=CN=reports,O=shop\\R")
                        .containsPattern(
                                "path=/shop/audit status=403 .* client=spiffe://cluster.local/ns/other/sa/x\\R"));
        assertThat(meters.find("sigv4.gateway.requests")
                        .tags("route", "shop", "client", "uri:" + ORDERS)
                        .timer())
                .isNotNull();
        assertThat(meters.find("sigv4.gateway.requests")
                        .tags("route", "shop", "status", "403", "client", "refused")
                        .timer())
                .isNotNull();
        assertThat(failures(meters, "client-not-allowed")).isEqualTo(refusedBefore + 1);
    }

    private static double failures(MeterRegistry meters, String reason) {
        Counter counter = meters.find("sigv4.gateway.auth.failures")
                .tags("route", "shop", "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void checks_neverBlockAnEventLoop() throws Exception {
        List<String> blocked = NettyBlockingDetector.install();

        assertThat(get(wanting, orders, "/shop/blocking").statusCode()).isEqualTo(200);
        assertThat(get(wanting, stranger, "/shop/blocking").statusCode()).isEqualTo(403);
        assertThat(get(wanting, null, "/shop/blocking").statusCode()).isEqualTo(403);

        assertThat(blocked).isEmpty();
    }

    @Test
    void anyVerifiedCertificate_isLetIn_onCertificateStar() throws Exception {
        assertThat(get(wanting, stranger, "/verified/x").statusCode()).isEqualTo(200);
        assertThat(emulator.requests()).hasSize(1);
    }

    @Test
    void withWant_noCertificate_getsThe403OfItsOwn_butOpenRoutesServeIt() throws Exception {
        HttpResponse<String> refused = get(wanting, null, "/shop/cart");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("X-Sigv4-Gateway-Error")).hasValue("client-certificate-missing");
        assertThat(emulator.requests()).isEmpty();

        assertThat(get(wanting, null, "/open").statusCode()).isEqualTo(200);
        assertThat(emulator.requests()).hasSize(1);
    }

    @Test
    void withNeed_noCertificate_orOneFromAnotherCa_cannotConnect() {
        TestPki rogue = new TestPki(directory, "rogue");
        TestPki.Issued impostor = rogue.issue("impostor", "/CN=orders", "URI:" + ORDERS);

        assertThatThrownBy(() -> get(needing, null, "/open")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(needing, impostor, "/shop/cart")).isInstanceOf(IOException.class);
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void withNeed_theNamedClient_isLetIn() throws Exception {
        assertThat(get(needing, orders, "/shop/cart").statusCode()).isEqualTo(200);
        assertThat(emulator.lastRequest().accepted()).isTrue();
    }

    private static HttpResponse<String> get(RunningGateway gateway, TestPki.@Nullable Issued client, String path)
            throws IOException, InterruptedException {
        SSLContext context = clientPki(client);
        try (HttpClient http = HttpClient.newBuilder()
                .sslContext(context)
                .version(HttpClient.Version.HTTP_1_1)
                .build()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + path))
                            .timeout(java.time.Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Trusts the server's CA, presents {@code client} (signed by whichever CA made it). */
    private static SSLContext clientPki(TestPki.@Nullable Issued client) {
        return serverPki.clientContext(client);
    }
}
