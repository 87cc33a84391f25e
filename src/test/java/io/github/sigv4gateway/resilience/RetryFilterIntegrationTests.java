package io.github.sigv4gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.emulator.RecordedRequest;
import io.github.sigv4gateway.routing.BodyMemoryBudget;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.lettuce.core.resource.ClientResources;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * SCG's {@code Retry} filter in front of {@code SigV4} on a standard SCG route: the upstream answers 502/503 to the
 * first attempts (a status, which only SCG's Retry acts on), and every attempt must reach the function URL signed
 * afresh (its own {@code X-Amz-Date} and signature, verified by the emulator like AWS) with the whole body. The
 * backoff is over a second so that a fresh signature cannot share the previous one's {@code X-Amz-Date}: a filter
 * that signed once and replayed the signed request would fail the distinct-date assertions, and one that could not
 * read the replayed (cached) body would fail the body assertions.
 */
class RetryFilterIntegrationTests {

    static final String KEY = "AKIDRETRYTEST";
    static final String SECRET = "retry/Secret+Key=Test";
    static final String USER = "arn:aws:iam::123456789012:user/retry";

    private static FunctionUrlEmulator emulator;
    private static FailingFront front;
    private static RunningGateway gateway;
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add(KEY, SECRET, USER))
                .start();
        front = new FailingFront(emulator);
        String route = "--spring.cloud.gateway.server.webflux.routes[0].";
        gateway = RunningGateway.signingFor(
                emulator.baseUri(),
                KEY,
                SECRET,
                route + "id=retried",
                route + "order=-1",
                route + "uri=" + front.baseUri(),
                route + "predicates[0]=Path=/retried/**",
                route + "filters[0]=StripPrefix=1",
                route + "filters[1].name=Retry",
                route + "filters[1].args.retries=2",
                route + "filters[1].args.statuses=BAD_GATEWAY,SERVICE_UNAVAILABLE",
                route + "filters[1].args.methods=GET,POST",
                route + "filters[1].args.backoff.firstBackoff=1100ms",
                route + "filters[1].args.backoff.maxBackoff=1100ms",
                route + "filters[1].args.backoff.factor=1",
                route + "filters[2].name=SigV4",
                route + "filters[2].args.region=us-east-1",
                route + "filters[2].args.service=lambda",
                route + "filters[2].args.max-body-size=64KB");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        front.close();
        emulator.close();
    }

    @BeforeEach
    void clear() {
        emulator.clear();
        front.reset();
    }

    @Test
    void post_retriedAfter502s_everyAttemptSignedAfreshWithTheWholeBody() throws Exception {
        front.failNext(2, 502);
        String body = "{\"order\":42,\"note\":\"" + "x".repeat(20_000) + "\"}";

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.uri("/retried/orders?id=42"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Hello from lambda!");
        List<RecordedRequest> attempts = emulator.requests();
        assertThat(attempts).hasSize(3);
        assertThat(front.received()).isEqualTo(3);
        assertEachSignedAfresh(attempts, "/orders?id=42");
        for (RecordedRequest attempt : attempts) {
            assertThat(new String(attempt.body(), StandardCharsets.UTF_8)).isEqualTo(body);
            assertThat(attempt.header("x-amz-content-sha256")).isEqualTo(sha256(body));
            assertThat(attempt.header("content-length")).isEqualTo(String.valueOf(body.length()));
        }
        assertBodyMemoryReleased();
    }

    @Test
    void get_retriedAfterA503_secondAttemptSignedAfresh() throws Exception {
        front.failNext(1, 503);

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.uri("/retried/hello?name=world")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        List<RecordedRequest> attempts = emulator.requests();
        assertThat(attempts).hasSize(2);
        assertEachSignedAfresh(attempts, "/hello?name=world");
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.body()).isEmpty());
    }

    @Test
    void retriesExhausted_theLastAnswerReachesTheClient_afterThreeSignedAttempts() throws Exception {
        front.failNext(10, 503);

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.uri("/retried/x"))
                        .POST(HttpRequest.BodyPublishers.ofString("abc"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"Message\":\"Service Unavailable\"}");
        assertThat(response.headers().firstValue("X-Sigv4-Gateway-Error")).isEmpty();
        assertThat(emulator.requests())
                .hasSize(3)
                .allSatisfy(a -> assertThat(a.accepted()).isTrue());
        assertBodyMemoryReleased();
    }

    @Test
    void bodyOverMaxBodySize_stillRefused413_andNeverForwarded() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.uri("/retried/big"))
                        .POST(HttpRequest.BodyPublishers.ofString("y".repeat(70 * 1024)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("X-Sigv4-Gateway-Error")).hasValue("body-too-large");
        assertThat(front.received()).isZero();
        assertBodyMemoryReleased();
    }

    @Test
    void withoutRedisConfigured_theGatewayHasNoRedisClient_andItsReadinessIsUp() {
        assertThat(gateway.context().getBeanNamesForType(ReactiveRedisConnectionFactory.class))
                .isEmpty();
        assertThat(gateway.context().getBeanNamesForType(ClientResources.class)).isEmpty();
        assertThat(gateway.context().getBeanNamesForType(RateLimiter.class)).isEmpty();
        assertThat(gateway.management("/actuator/health/readiness").statusCode())
                .isEqualTo(200);
    }

    private static void assertEachSignedAfresh(List<RecordedRequest> attempts, String target) {
        for (RecordedRequest attempt : attempts) {
            assertThat(attempt.verification().reason())
                    .as("emulator's verdict on an attempt")
                    .isNull();
            assertThat(attempt.accepted()).isTrue();
            assertThat(attempt.rawTarget()).isEqualTo(target);
        }
        assertThat(attempts.stream().map(a -> a.header("x-amz-date")).distinct())
                .as("each attempt signed at its own time")
                .hasSize(attempts.size());
        assertThat(attempts.stream().map(a -> a.header("authorization")).distinct())
                .hasSize(attempts.size());
    }

    /** Each attempt's body reservation was given back to the gateway's body memory budget. */
    private static void assertBodyMemoryReleased() {
        BodyMemoryBudget memory = gateway.context().getBean(BodyMemoryBudget.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.held() == 0);
    }

    private static String sha256(String body) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }
}
