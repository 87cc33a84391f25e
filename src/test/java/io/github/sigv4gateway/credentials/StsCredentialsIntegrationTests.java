package io.github.sigv4gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.testsupport.MotoIam;
import io.github.sigv4gateway.testsupport.MotoPeers;
import io.github.sigv4gateway.testsupport.MotoServer;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.StsTap;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * STS-backed credentials against a real STS peer (moto, enforcing IAM auth), seen through a tap that counts the
 * calls reaching it: fetched before ready, each type, chains, and AWS's errors reported by entry and code.
 */
@ExtendWith(OutputCaptureExtension.class)
class StsCredentialsIntegrationTests {

    private static final HttpClient http = HttpClient.newHttpClient();
    /** Verifies signatures and IAM policies, as AWS does. */
    private static MotoServer moto;

    private static MotoIam iam;
    /**
     * Accepts any caller: moto cannot authenticate the temporary keys it issues from GetSessionToken, nor unsigned
     * AssumeRoleWithWebIdentity calls, once it enforces authentication.
     */
    private static MotoServer openMoto;

    private static MotoIam openIam;

    private StsTap tap;

    private static MotoPeers peers;

    @BeforeAll
    static void startPeer() {
        peers = MotoPeers.start();
        moto = peers.enforcing();
        iam = peers.enforcingIam();
        openMoto = peers.open();
        openIam = peers.openIam();
    }

    @AfterAll
    static void stopPeer() {
        if (peers != null) {
            peers.close();
        }
    }

    private StsTap tap() {
        return tap(moto);
    }

    private StsTap tap(MotoServer peer) {
        tap = new StsTap(peer.endpoint());
        return tap;
    }

    @org.junit.jupiter.api.AfterEach
    void closeTap() {
        if (tap != null) {
            tap.close();
        }
    }

    private static String[] gatewayArgs(String... credentials) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--sigv4-gateway.target=http://127.0.0.1:9",
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda"));
        args.addAll(List.of(credentials));
        return args.toArray(String[]::new);
    }

    @Test
    void sessionToken_fromIamUserKeys_isFetchedBeforeReady_andHoldsTheIssuedToken(CapturedOutput output)
            throws Exception {
        MotoIam.User alice = iam.user("alice-session", "sts:GetSessionToken");
        StsTap sts = tap();
        try (RunningGateway gateway = RunningGateway.start(gatewayArgs(
                "--sigv4-gateway.credentials.user.type=static",
                "--sigv4-gateway.credentials.user.access-key-id=" + alice.accessKeyId(),
                "--sigv4-gateway.credentials.user.secret-access-key=" + alice.secretAccessKey(),
                "--sigv4-gateway.credentials.default.type=session-token",
                "--sigv4-gateway.credentials.default.source=user",
                "--sigv4-gateway.credentials.default.duration=15m",
                "--sigv4-gateway.credentials.default.sts-endpoint=" + sts.endpoint(),
                "--sigv4-gateway.credentials.default.sts-region=us-east-1"))) {

            assertThat(sts.calls("GetSessionToken"))
                    .as("fetched once, before the context was ready")
                    .isEqualTo(1);
            StsTap.Issued issued = sts.issued().getFirst();
            assertThat(issued.callerAccessKeyId()).isEqualTo(alice.accessKeyId());
            AwsCredentialsIdentity held = registry(gateway).current("default").orElseThrow();
            assertThat(held).isInstanceOf(AwsSessionCredentialsIdentity.class);
            assertThat(((AwsSessionCredentialsIdentity) held).sessionToken()).isEqualTo(issued.sessionToken());

            HttpResponse<String> readiness = gateway.management("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            String metrics = gateway.management("/actuator/prometheus").body();
            assertThat(metrics)
                    .contains("sigv4_gateway_credentials_refreshes_total{entry=\"default\",outcome=\"success\"} 1.0")
                    .containsPattern("sigv4_gateway_credentials_expiry_seconds\\{entry=\"default\"} (8|9)\\d\\d\\.")
                    .doesNotContain(issued.secretAccessKey())
                    .doesNotContain(issued.sessionToken())
                    .doesNotContain(alice.secretAccessKey());
        }
        assertThat(output.getAll())
                .doesNotContain(alice.secretAccessKey())
                .doesNotContain(sts.issued().getFirst().secretAccessKey())
                .doesNotContain(sts.issued().getFirst().sessionToken());
    }

    @Test
    void assumeRole_chainedOnSessionToken_callsStsOncePerLink() {
        MotoIam.User bob = openIam.user("bob-chain", "sts:GetSessionToken", "sts:AssumeRole");
        String roleArn = openIam.role("invoker-chain");
        StsTap sts = tap(openMoto);
        try (RunningGateway gateway = RunningGateway.start(gatewayArgs(
                "--sigv4-gateway.credentials.user.type=static",
                "--sigv4-gateway.credentials.user.access-key-id=" + bob.accessKeyId(),
                "--sigv4-gateway.credentials.user.secret-access-key=" + bob.secretAccessKey(),
                "--sigv4-gateway.credentials.session.type=session-token",
                "--sigv4-gateway.credentials.session.source=user",
                "--sigv4-gateway.credentials.session.sts-endpoint=" + sts.endpoint(),
                "--sigv4-gateway.credentials.default.type=assume-role",
                "--sigv4-gateway.credentials.default.source=session",
                "--sigv4-gateway.credentials.default.role-arn=" + roleArn,
                "--sigv4-gateway.credentials.default.session-name=chain-test",
                "--sigv4-gateway.credentials.default.external-id=ext-42",
                "--sigv4-gateway.credentials.default.sts-endpoint=" + sts.endpoint()))) {

            assertThat(sts.calls("GetSessionToken")).isEqualTo(1);
            assertThat(sts.calls("AssumeRole")).isEqualTo(1);
            StsTap.Issued session = sts.issued().stream()
                    .filter(i -> i.action().equals("GetSessionToken"))
                    .findFirst()
                    .orElseThrow();
            StsTap.Issued role = sts.issued().stream()
                    .filter(i -> i.action().equals("AssumeRole"))
                    .findFirst()
                    .orElseThrow();
            assertThat(role.callerAccessKeyId())
                    .as("AssumeRole is signed with the session-token keys")
                    .isEqualTo(session.accessKeyId());
            String assumeRoleBody = sts.requestBodies().stream()
                    .filter(b -> b.contains("Action=AssumeRole"))
                    .findFirst()
                    .orElseThrow();
            assertThat(URLDecoder.decode(assumeRoleBody, StandardCharsets.UTF_8))
                    .contains("RoleArn=" + roleArn)
                    .contains("RoleSessionName=chain-test")
                    .contains("ExternalId=ext-42");
            assertThat(registry(gateway).current("default").orElseThrow().accessKeyId())
                    .isEqualTo(role.accessKeyId());
        }
    }

    @Test
    void webIdentity_rereadsTheTokenFileAtEveryRefresh(@TempDir Path dir) throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "first-token\n");
        String roleArn = openIam.role("irsa-role");
        StsTap sts = tap(openMoto);
        try (RunningGateway gateway = RunningGateway.start(gatewayArgs(
                "--sigv4-gateway.credentials.default.type=web-identity",
                "--sigv4-gateway.credentials.default.role-arn=" + roleArn,
                "--sigv4-gateway.credentials.default.token-file=" + tokenFile,
                "--sigv4-gateway.credentials.default.refresh-before-expiry=3597s",
                "--sigv4-gateway.credentials.default.sts-endpoint=" + sts.endpoint()))) {

            assertThat(sts.calls("AssumeRoleWithWebIdentity")).isEqualTo(1);
            assertThat(webIdentityCalls(sts).getFirst()).contains("WebIdentityToken=first-token");
            Files.writeString(tokenFile, "rotated-token\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> sts.calls("AssumeRoleWithWebIdentity") >= 2);
            assertThat(webIdentityCalls(sts).get(1)).contains("WebIdentityToken=rotated-token");
            assertThat(registry(gateway).current("default")).isPresent();
        }
    }

    @Test
    void stsFailures_areReportedByEntryAndAwsErrorCode_readinessDown_and503NamingTheEntry(CapturedOutput output)
            throws Exception {
        MotoIam.User denied = iam.user("carol-denied");
        StsTap sts = tap();
        try (RunningGateway gateway = RunningGateway.start(
                "--sigv4-gateway.target=http://127.0.0.1:9",
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda",
                "--sigv4-gateway.routes[0].path=/unknown-key/**",
                "--sigv4-gateway.routes[0].target=http://127.0.0.1:9",
                "--sigv4-gateway.routes[0].region=us-east-1",
                "--sigv4-gateway.routes[0].service=lambda",
                "--sigv4-gateway.routes[0].credentials=unknown-key",
                "--sigv4-gateway.credentials.nobody.type=static",
                "--sigv4-gateway.credentials.nobody.access-key-id=AKIDNOTINMOTO",
                "--sigv4-gateway.credentials.nobody.secret-access-key=whatever",
                "--sigv4-gateway.credentials.unknown-key.type=session-token",
                "--sigv4-gateway.credentials.unknown-key.source=nobody",
                "--sigv4-gateway.credentials.unknown-key.sts-endpoint=" + sts.endpoint(),
                "--sigv4-gateway.credentials.carol.type=static",
                "--sigv4-gateway.credentials.carol.access-key-id=" + denied.accessKeyId(),
                "--sigv4-gateway.credentials.carol.secret-access-key=" + denied.secretAccessKey(),
                "--sigv4-gateway.credentials.no-permission.type=assume-role",
                "--sigv4-gateway.credentials.no-permission.source=carol",
                "--sigv4-gateway.credentials.no-permission.role-arn=arn:aws:iam::123456789012:role/none",
                "--sigv4-gateway.credentials.no-permission.sts-endpoint=" + sts.endpoint(),
                "--sigv4-gateway.credentials.unreachable.type=session-token",
                "--sigv4-gateway.credentials.unreachable.source=carol",
                "--sigv4-gateway.credentials.unreachable.sts-endpoint=http://127.0.0.1:" + MotoServer.freePort())) {

            String log = output.getAll();
            assertThat(log)
                    .containsPattern("Credentials 'unknown-key' could not be refreshed \\(InvalidClientTokenId:")
                    .containsPattern("Credentials 'no-permission' could not be refreshed \\(AccessDenied:")
                    .containsPattern("Credentials 'unreachable' could not be refreshed \\(client error: .*")
                    .doesNotContain(denied.secretAccessKey())
                    .doesNotContain("whatever");

            HttpResponse<String> readiness = gateway.management("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(gateway.management("/actuator/health/liveness").statusCode())
                    .isEqualTo(200);

            HttpResponse<String> answer = get(gateway.uri("/unknown-key/x"));
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("X-Sigv4-Gateway-Error")).contains("no-credentials");
            assertThat(answer.body())
                    .contains("no valid credentials for entry 'unknown-key'")
                    .contains("\"route\":\"route-0\"");
            // Meters are recorded once the exchange completes, which may be just after the client has the answer.
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(
                                    gateway.management("/actuator/prometheus").body())
                            .contains(
                                    "sigv4_gateway_rejections_total{reason=\"no-credentials\",route=\"route-0\"} 1.0"));
        }
    }

    /** The AssumeRoleWithWebIdentity bodies only: each load is followed by a GetCallerIdentity call. */
    private static List<String> webIdentityCalls(StsTap sts) {
        return sts.requestBodies().stream()
                .filter(b -> b.contains("Action=AssumeRoleWithWebIdentity"))
                .toList();
    }

    private static CredentialsRegistry registry(RunningGateway gateway) {
        return gateway.context().getBean(CredentialsRegistry.class);
    }

    private static HttpResponse<String> get(java.net.URI uri) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
