package io.github.sigv4gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.emulator.RecordedRequest;
import io.github.sigv4gateway.testsupport.Closeables;
import io.github.sigv4gateway.testsupport.NettyBlockingDetector;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
 * API keys on real sockets: the named key passes and is signed for, a missing or wrong key gets 401 with
 * {@code WWW-Authenticate}, a valid key the route does not allow gets 403, and none of them reaches the function.
 * The key file is laid out and updated as the kubelet does a Secret's (a {@code ..data} symlink swapped by a
 * rename): the new keys take effect without a restart. Keys never reach the function nor the gateway's output.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyIntegrationTests {

    static final String AWS_KEY = "AKIDAPIKEYTEST";
    static final String AWS_SECRET = "apikey/Secret+Key";
    static final String REPORTS_KEY = "reports-key-0123456789abcdef";
    static final String ORDERS_KEY = "orders-key-fedcba9876543210";
    static final String INLINE_KEY = "inline-key-5555";
    static final String ROTATED_KEY = "reports-key-rotated-42";

    static final String ORIGINAL_KEYS = "reports:" + sha256(REPORTS_KEY) + "\norders:" + sha256(ORDERS_KEY) + "\n";

    @TempDir
    static Path directory;

    private static FunctionUrlEmulator emulator;
    private static RunningGateway bearer;
    private static RunningGateway header;
    private static Path secret;
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws IOException {
        secret = directory.resolve("api-keys");
        Files.createDirectories(secret);
        mountSecret("..2026_01", ORIGINAL_KEYS);
        Files.createSymbolicLink(secret.resolve("keys"), Path.of("..data/keys"));
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add(AWS_KEY, AWS_SECRET, "arn:aws:iam::123456789012:user/keys"))
                .start();
        bearer = gateway();
        header = gateway("--sigv4-gateway.api-keys.header=X-Api-Key");
    }

    private static RunningGateway gateway(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--sigv4-gateway.api-keys.file=" + secret.resolve("keys"),
                "--sigv4-gateway.api-keys.sha256.inline=" + sha256(INLINE_KEY),
                "--sigv4-gateway.api-keys.reload-interval=100ms",
                "--sigv4-gateway.allow=key:*"));
        args.addAll(InboundRoutes.route(emulator, 0, "reports", "/reports/**"));
        args.add("--sigv4-gateway.routes[0].allow=key:reports");
        args.addAll(List.of(more));
        return RunningGateway.signingFor(emulator.baseUri(), AWS_KEY, AWS_SECRET, args.toArray(String[]::new));
    }

    /** As the kubelet writes a Secret: a timestamped directory, then the {@code ..data} link swapped by a rename. */
    private static void mountSecret(String version, String keys) throws IOException {
        Path dated = Files.createDirectory(secret.resolve(version));
        Files.writeString(dated.resolve("keys"), keys);
        Path next = secret.resolve("..data_tmp");
        Files.createSymbolicLink(next, Path.of(version));
        Files.move(next, secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(bearer, header, emulator);
    }

    @BeforeEach
    void clear() {
        emulator.clear();
    }

    @Test
    void namedKey_passes_andNeverReachesTheFunction(CapturedOutput output) throws Exception {
        HttpResponse<String> response = get(bearer, "/reports/q", "Authorization", "Bearer " + REPORTS_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = emulator.lastRequest();
        assertThat(received.accepted()).isTrue();
        assertThat(received.header("authorization")).startsWith("AWS4-HMAC-SHA256 ");
        assertThat(received.headers().toString()).doesNotContain(REPORTS_KEY);
        assertThat(output.getAll()).doesNotContain(REPORTS_KEY);
    }

    @Test
    void audit_namesTheKey_neverIt_andCountsFailuresByReason(CapturedOutput output) throws Exception {
        MeterRegistry meters = bearer.context().getBean(MeterRegistry.class);
        double missing = failures(meters, "api-key-missing");
        double invalid = failures(meters, "api-key-invalid");

        assertThat(get(bearer, "/reports/audit", "Authorization", "Bearer " + REPORTS_KEY)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(bearer, "/reports/audit", "Authorization", null).statusCode())
                .isEqualTo(401);
        assertThat(get(bearer, "/reports/audit", "Authorization", "Bearer wrong-key-77")
                        .statusCode())
                .isEqualTo(401);

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output.getAll())
                        .containsPattern("path=/reports/audit status=200 .* client=key:reports\\R")
                        .containsPattern("path=/reports/audit status=401 .* client=anonymous\\R"));
        assertThat(output.getAll()).doesNotContain(REPORTS_KEY).doesNotContain("wrong-key-77");
        assertThat(meters.find("sigv4.gateway.requests")
                        .tags("route", "reports", "client", "key:reports")
                        .timer())
                .isNotNull();
        assertThat(failures(meters, "api-key-missing")).isEqualTo(missing + 1);
        assertThat(failures(meters, "api-key-invalid")).isEqualTo(invalid + 1);
    }

    private static double failures(MeterRegistry meters, String reason) {
        Counter counter = meters.find("sigv4.gateway.auth.failures")
                .tags("route", "reports", "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void checks_neverBlockAnEventLoop() throws Exception {
        List<String> blocked = NettyBlockingDetector.install();

        assertThat(get(bearer, "/reports/b", "Authorization", "Bearer " + REPORTS_KEY)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(bearer, "/reports/b", "Authorization", "Bearer nope").statusCode())
                .isEqualTo(401);
        assertThat(get(header, "/reports/b", "X-Api-Key", REPORTS_KEY).statusCode())
                .isEqualTo(200);

        assertThat(blocked).isEmpty();
    }

    @Test
    void inlineAndFileKeys_bothPass_onKeyStar() throws Exception {
        assertThat(get(bearer, "/x", "Authorization", "Bearer " + INLINE_KEY).statusCode())
                .isEqualTo(200);
        assertThat(get(bearer, "/x", "Authorization", "bearer " + ORDERS_KEY).statusCode())
                .isEqualTo(200);
        assertThat(emulator.requests()).hasSize(2);
    }

    @Test
    void missingKey_gets401WithAChallenge(CapturedOutput output) throws Exception {
        for (String authorization : new String[] {null, "Basic dXNlcjpwYXNz"}) {
            HttpResponse<String> response = get(bearer, "/reports/q", "Authorization", authorization);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("X-Sigv4-Gateway-Error")).hasValue("api-key-missing");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"sigv4-gateway\"");
            assertThat(response.body()).contains("\"route\":\"reports\"");
        }
        assertThat(emulator.requests()).isEmpty();
        // The access log leaves from a thread of its own, up to 10 ms late.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() ->
                        assertThat(output.getAll()).contains("route=reports method=GET path=/reports/q status=401"));
    }

    @Test
    void wrongKey_gets401_invalidToken(CapturedOutput output) throws Exception {
        HttpResponse<String> response = get(bearer, "/reports/q", "Authorization", "Bearer not-a-key-at-all");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("X-Sigv4-Gateway-Error")).hasValue("api-key-invalid");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"sigv4-gateway\", error=\"invalid_token\"");
        assertThat(response.body()).doesNotContain("not-a-key-at-all");
        assertThat(emulator.requests()).isEmpty();
        assertThat(output.getAll()).doesNotContain("not-a-key-at-all");
    }

    @Test
    void validKeyOfAnotherName_gets403() throws Exception {
        HttpResponse<String> response = get(bearer, "/reports/q", "Authorization", "Bearer " + ORDERS_KEY);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Sigv4-Gateway-Error")).hasValue("client-not-allowed");
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void namedHeader_carriesTheKeyAlone_andIsTakenOff() throws Exception {
        HttpResponse<String> response = get(header, "/reports/q", "X-Api-Key", REPORTS_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(emulator.lastRequest().header("x-api-key")).isNull();
        assertThat(get(header, "/reports/q", "Authorization", "Bearer " + REPORTS_KEY)
                        .statusCode())
                .isEqualTo(401);
        assertThat(get(header, "/reports/q", "X-Api-Key", "wrong").headers().firstValue("WWW-Authenticate"))
                .hasValue("ApiKey realm=\"sigv4-gateway\", header=\"X-Api-Key\", error=\"invalid_token\"");
    }

    @Test
    void secretUpdate_takesEffect_withoutRestart() throws Exception {
        assertThat(get(bearer, "/reports/q", "Authorization", "Bearer " + REPORTS_KEY)
                        .statusCode())
                .isEqualTo(200);

        mountSecret("..2026_02", "# rotated\nreports:" + sha256(ROTATED_KEY) + "\n");
        try {
            awaitRotation();
        } finally {
            // The other tests use the first keys, in both gateways.
            mountSecret("..2026_03", ORIGINAL_KEYS);
            for (RunningGateway gateway : List.of(bearer, header)) {
                String name = gateway == bearer ? "Authorization" : "X-Api-Key";
                String value = gateway == bearer ? "Bearer " + REPORTS_KEY : REPORTS_KEY;
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> get(gateway, "/reports/q", name, value).statusCode() == 200);
            }
        }
    }

    private static void awaitRotation() throws Exception {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get(bearer, "/reports/q", "Authorization", "Bearer " + ROTATED_KEY)
                                .statusCode()
                        == 200);
        assertThat(get(bearer, "/reports/q", "Authorization", "Bearer " + REPORTS_KEY)
                        .statusCode())
                .isEqualTo(401);
        assertThat(get(bearer, "/reports/q", "Authorization", "Bearer " + ORDERS_KEY)
                        .statusCode())
                .isEqualTo(401);
        assertThat(get(bearer, "/x", "Authorization", "Bearer " + INLINE_KEY).statusCode())
                .as("inline keys stay")
                .isEqualTo(200);
    }

    private static HttpResponse<String> get(RunningGateway gateway, String path, String name, @Nullable String value)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(10));
        if (value != null) {
            request.header(name, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
