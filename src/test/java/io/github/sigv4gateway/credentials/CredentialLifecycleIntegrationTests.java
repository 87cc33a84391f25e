package io.github.sigv4gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.testsupport.MotoIam;
import io.github.sigv4gateway.testsupport.MotoServer;
import io.github.sigv4gateway.testsupport.NettyBlockingDetector;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.StsTap;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Temporary credentials over time, against a real STS peer (moto) seen through a counting tap, with every request
 * verified by the function-URL emulator: refreshes under load never fail a request and make one STS call each; an
 * STS outage is ridden out on cached credentials until they expire, then answered with 503 and readiness DOWN,
 * and both recover by themselves when STS is back.
 */
class CredentialLifecycleIntegrationTests {

    private static final Pattern REFRESHES = Pattern.compile(
            "sigv4_gateway_credentials_refreshes_total\\{entry=\"default\",outcome=\"success\"} (\\d+)");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MotoServer moto;
    private MotoIam iam;
    private StsTap sts;
    private FunctionUrlEmulator function;

    @BeforeEach
    void start() {
        moto = MotoServer.start(false);
        iam = new MotoIam(moto);
        sts = new StsTap(moto.endpoint());
        CredentialStore keys = new CredentialStore();
        sts.onIssued(issued -> keys.addTemporary(
                issued.accessKeyId(),
                issued.secretAccessKey(),
                issued.sessionToken(),
                "arn:aws:iam::123456789012:user/lifecycle"));
        function = FunctionUrlEmulator.builder().credentials(keys).start();
    }

    @AfterEach
    void stop() {
        function.close();
        sts.close();
        iam.close();
        moto.close();
    }

    private RunningGateway gateway(String refreshBeforeExpiry) {
        MotoIam.User user = iam.user("lifecycle-" + System.nanoTime());
        return RunningGateway.start(
                "--sigv4-gateway.target=" + function.baseUri(),
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda",
                "--sigv4-gateway.credentials.user.type=static",
                "--sigv4-gateway.credentials.user.access-key-id=" + user.accessKeyId(),
                "--sigv4-gateway.credentials.user.secret-access-key=" + user.secretAccessKey(),
                "--sigv4-gateway.credentials.default.type=session-token",
                "--sigv4-gateway.credentials.default.source=user",
                "--sigv4-gateway.credentials.default.duration=15m",
                "--sigv4-gateway.credentials.default.refresh-before-expiry=" + refreshBeforeExpiry,
                "--sigv4-gateway.credentials.default.sts-endpoint=" + sts.endpoint());
    }

    @Test
    void refreshesUnderLoad_failNoRequest_andMakeOneStsCallEach() throws Exception {
        List<String> blocked = NettyBlockingDetector.install();
        // 15-minute credentials refreshed 890 s ahead of expiry: a refresh every 10 s.
        try (RunningGateway gateway = gateway("890s")) {
            int clients = 64;
            Instant end = Instant.now().plusSeconds(30);
            AtomicInteger ok = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    int sent = 0;
                    while (Instant.now().isBefore(end) && sent++ < 100_000) {
                        try {
                            HttpResponse<String> response = http.send(
                                    HttpRequest.newBuilder(gateway.uri("/load"))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                synchronized (failures) {
                                    failures.add(response.statusCode() + " " + response.body());
                                }
                            }
                        } catch (Exception e) {
                            synchronized (failures) {
                                failures.add(e.toString());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();

            assertThat(failures).as("failed requests").isEmpty();
            assertThat(ok.get()).isGreaterThan(1000);
            // A refresh may be in flight as the load stops: STS has seen its call, the meter not yet its outcome.
            // Once it has landed the two agree, unless the gateway calls STS more than once per refresh.
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(sts.calls("GetSessionToken"))
                            .as("one STS call per refresh, whatever the load")
                            .isEqualTo((int) successfulRefreshes(gateway)));
            assertThat(successfulRefreshes(gateway))
                    .as("initial fetch plus at least two background refreshes")
                    .isGreaterThanOrEqualTo(3);
            assertThat(function.requests())
                    .allSatisfy(r -> assertThat(r.accepted()).isTrue());
            assertThat(blocked).as("blocking calls on Netty event-loop threads").isEmpty();
        }
    }

    @Test
    void stsOutage_cachedCredentialsServeUntilExpiry_then503AndNotReady_thenRecoverWithoutRestart() throws Exception {
        sts.shortenLifetime(Duration.ofSeconds(12));
        try (RunningGateway gateway = gateway("5m")) {
            assertThat(status(gateway.uri("/before"))).isEqualTo(200);
            Instant expiry = sts.issued().getLast().expiration();
            moto.stop();
            // Until the held credentials expire, requests keep succeeding.
            while (Instant.now().isBefore(expiry.minusSeconds(2))) {
                assertThat(status(gateway.uri("/during"))).isEqualTo(200);
                Thread.sleep(250);
            }
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> status(gateway.uri("/after")) == 503);
            HttpResponse<String> unavailable = http.send(
                    HttpRequest.newBuilder(gateway.uri("/after")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unavailable.body()).contains("no valid credentials for entry 'default'");
            assertThat(gateway.management("/actuator/health/readiness").statusCode())
                    .isEqualTo(503);
            assertThat(gateway.management("/actuator/health/liveness").statusCode())
                    .isEqualTo(200);

            moto.restart();
            await().atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> status(gateway.uri("/recovered")) == 200);
            assertThat(gateway.management("/actuator/health/readiness").statusCode())
                    .isEqualTo(200);
            assertThat(function.lastRequest().accepted()).isTrue();
        }
    }

    private int status(java.net.URI uri) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private long successfulRefreshes(RunningGateway gateway) throws Exception {
        String metrics = gateway.management("/actuator/prometheus").body();
        Matcher m = REFRESHES.matcher(metrics);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
