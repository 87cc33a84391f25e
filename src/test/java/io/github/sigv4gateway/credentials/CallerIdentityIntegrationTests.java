package io.github.sigv4gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.testsupport.MotoIam;
import io.github.sigv4gateway.testsupport.MotoPeers;
import io.github.sigv4gateway.testsupport.MotoServer;
import io.github.sigv4gateway.testsupport.NettyBlockingDetector;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.StsTap;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * "Which identity signs": each load logs the masked access key id and the account and ARN that STS
 * GetCallerIdentity reports (moto, through a counting tap), once at start for static keys, after every refresh for
 * STS types, never for a request; and an STS that refuses or never answers costs one line, never the start.
 */
@ExtendWith(OutputCaptureExtension.class)
class CallerIdentityIntegrationTests {

    private static final String ACCOUNT = "123456789012";
    private static final HttpClient http = HttpClient.newHttpClient();
    /** Verifies signatures, as AWS does; GetCallerIdentity needs no permission there either. */
    private static MotoServer moto;

    private static MotoIam iam;
    /** Accepts any caller: moto cannot authenticate the temporary keys it issues once it enforces auth. */
    private static MotoServer openMoto;

    private static MotoIam openIam;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    private static MotoPeers peers;

    @BeforeAll
    static void startPeers() {
        peers = MotoPeers.start();
        moto = peers.enforcing();
        iam = peers.enforcingIam();
        openMoto = peers.open();
        openIam = peers.openIam();
    }

    @AfterAll
    static void stopPeers() {
        closeQuietly(peers);
    }

    @AfterEach
    void closeTaps() {
        closeAfter.reversed().forEach(CallerIdentityIntegrationTests::closeQuietly);
    }

    @Test
    void staticEntry_logsTheMaskedKey_andTheAccountAndArnStsReports_onceAtStart(CapturedOutput output)
            throws Exception {
        MotoIam.User dora = iam.user("dora-static");
        StsTap sts = tap(moto);
        try (RunningGateway gateway = RunningGateway.start(gatewayArgs(
                "--sigv4-gateway.credentials.default.type=static",
                "--sigv4-gateway.credentials.default.access-key-id=" + dora.accessKeyId(),
                "--sigv4-gateway.credentials.default.secret-access-key=" + dora.secretAccessKey(),
                "--sigv4-gateway.credentials.default.sts-endpoint=" + sts.endpoint()))) {

            assertThat(sts.calls("GetCallerIdentity"))
                    .as("asked once, before the context was ready")
                    .isEqualTo(1);
            assertThat(output.getAll())
                    .contains("Credentials 'default' loaded (access key " + masked(dora.accessKeyId()) + ", account "
                            + ACCOUNT + ", arn " + dora.arn() + ", expires never)");

            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(gateway.uri("/x"))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("the target (port 9) is down").isEqualTo(502);
            assertThat(sts.calls("GetCallerIdentity"))
                    .as("never on the request path")
                    .isEqualTo(1);
        }
        assertThat(dora.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/dora-static");
        assertThat(output.getAll()).doesNotContain(dora.accessKeyId()).doesNotContain(dora.secretAccessKey());
    }

    @Test
    void assumeRole_logsTheAssumedRole_atStartAndAfterEachRefresh_offTheEventLoops(CapturedOutput output) {
        List<String> blocked = NettyBlockingDetector.install();
        MotoIam.User erin = openIam.user("erin-source", "sts:AssumeRole");
        String roleArn = openIam.role("identity-role");
        StsTap sts = tap(openMoto);
        try (RunningGateway gateway = RunningGateway.start(gatewayArgs(
                "--sigv4-gateway.credentials.user.type=static",
                "--sigv4-gateway.credentials.user.access-key-id=" + erin.accessKeyId(),
                "--sigv4-gateway.credentials.user.secret-access-key=" + erin.secretAccessKey(),
                "--sigv4-gateway.credentials.user.verify-identity=false",
                "--sigv4-gateway.credentials.default.type=assume-role",
                "--sigv4-gateway.credentials.default.source=user",
                "--sigv4-gateway.credentials.default.role-arn=" + roleArn,
                "--sigv4-gateway.credentials.default.session-name=identity-test",
                // One-hour credentials refreshed 3597 s ahead: a refresh every 3 s.
                "--sigv4-gateway.credentials.default.refresh-before-expiry=3597s",
                "--sigv4-gateway.credentials.default.sts-endpoint=" + sts.endpoint()))) {

            assertThat(sts.calls("GetCallerIdentity"))
                    .as("the user entry's check is off; the role's made one")
                    .isEqualTo(1);
            assertThat(output.getAll())
                    .contains(
                            "Credentials 'user' loaded (access key " + masked(erin.accessKeyId()) + ", expires never)");
            await().atMost(Duration.ofSeconds(30)).until(() -> sts.calls("AssumeRole") >= 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> sts.calls("GetCallerIdentity") >= 3);

            String arn = "arn:aws:sts::" + ACCOUNT + ":assumed-role/identity-role/identity-test";
            for (StsTap.Issued issued : sts.issued().subList(0, 3)) {
                assertThat(output.getAll())
                        .containsPattern(
                                Pattern.quote("Credentials 'default' loaded (access key " + masked(issued.accessKeyId())
                                                + ", account " + ACCOUNT + ", arn " + arn + ", expires ")
                                        + "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\)");
            }
            assertThat(blocked).as("blocking calls on Netty event-loop threads").isEmpty();
        }
        String log = output.getAll();
        sts.issued()
                .forEach(issued -> assertThat(log)
                        .doesNotContain(issued.accessKeyId())
                        .doesNotContain(issued.secretAccessKey())
                        .doesNotContain(issued.sessionToken()));
        assertThat(log).doesNotContain(erin.accessKeyId()).doesNotContain(erin.secretAccessKey());
    }

    @Test
    void stsRefusedSilentOrUnknown_staticEntriesStillStart_sayingTheIdentityIsNotConfirmed(CapturedOutput output)
            throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                RunningGateway gateway = RunningGateway.start(gatewayArgs(
                        "--sigv4-gateway.credentials.default.type=static",
                        "--sigv4-gateway.credentials.default.access-key-id=AKIDREFUSEDEXAMPLE42",
                        "--sigv4-gateway.credentials.default.secret-access-key=refused-secret",
                        "--sigv4-gateway.credentials.default.sts-endpoint=http://127.0.0.1:" + MotoServer.freePort(),
                        // Connections to it are accepted by the kernel and then never answered.
                        "--sigv4-gateway.credentials.silent.type=static",
                        "--sigv4-gateway.credentials.silent.access-key-id=AKIDSILENTEXAMPLE123",
                        "--sigv4-gateway.credentials.silent.secret-access-key=silent-secret",
                        "--sigv4-gateway.credentials.silent.sts-endpoint=http://127.0.0.1:" + silent.getLocalPort(),
                        // .invalid never resolves (RFC 6761).
                        "--sigv4-gateway.credentials.unresolvable.type=static",
                        "--sigv4-gateway.credentials.unresolvable.access-key-id=AKIDNOWHEREEXAMPLE99",
                        "--sigv4-gateway.credentials.unresolvable.secret-access-key=nowhere-secret",
                        "--sigv4-gateway.credentials.unresolvable.sts-endpoint=http://sts.invalid"))) {

            assertThat(gateway.management("/actuator/health/readiness").statusCode())
                    .isEqualTo(200);
            String log = output.getAll();
            assertThat(log)
                    .containsPattern("WARN .*Credentials 'default' loaded \\(access key \\*{16}LE42,"
                            + " expires never\\); identity not confirmed \\(client error: Unable to execute HTTP request: "
                            + ".*\\(ConnectException\\)\\)");
            assertThat(log)
                    .containsPattern("WARN .*Credentials 'silent' loaded \\(access key \\*{16}E123,"
                            + " expires never\\); identity not confirmed \\(client error: .*timeout.*\\)");
            assertThat(log)
                    .containsPattern("WARN .*Credentials 'unresolvable' loaded \\(access key \\*{16}LE99,"
                            + " expires never\\); identity not confirmed \\(client error: cannot resolve sts\\.invalid.*"
                            + "\\(UnknownHostException\\)\\)");
            assertThat(log)
                    .as("no stack trace")
                    .doesNotContainPattern("\\n\\s+at [\\w.$]+\\(")
                    .doesNotContain("Caused by");
            assertThat(log)
                    .doesNotContain("AKIDREFUSEDEXAMPLE42")
                    .doesNotContain("refused-secret")
                    .doesNotContain("AKIDSILENTEXAMPLE123")
                    .doesNotContain("silent-secret")
                    .doesNotContain("AKIDNOWHEREEXAMPLE99")
                    .doesNotContain("nowhere-secret");
        }
    }

    private StsTap tap(MotoServer peer) {
        StsTap tap = new StsTap(peer.endpoint());
        closeAfter.add(tap);
        return tap;
    }

    private static String masked(String accessKeyId) {
        return "*".repeat(accessKeyId.length() - 4) + accessKeyId.substring(accessKeyId.length() - 4);
    }

    private static String[] gatewayArgs(String... credentials) {
        List<String> args = new ArrayList<>(List.of(
                "--sigv4-gateway.target=http://127.0.0.1:9",
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda"));
        args.addAll(List.of(credentials));
        return args.toArray(String[]::new);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // A peer that fails to stop must not hide the test's own outcome.
        }
    }
}
