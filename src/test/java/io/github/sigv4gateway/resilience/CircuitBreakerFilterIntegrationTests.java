package io.github.sigv4gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.emulator.RecordedRequest;
import io.github.sigv4gateway.testsupport.RunningGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SCG's {@code CircuitBreaker} filter (Spring Cloud CircuitBreaker with Resilience4j) in front of {@code SigV4}:
 * while the function is healthy requests pass signed; after failures (502/503 answers, counted through the filter's
 * {@code statusCodes}) the breaker opens and the client gets the gateway's 503 {@code circuit-open} without the
 * function being called, which the emulator's record proves. Without {@link CircuitBreakerAnswers} both failures
 * would reach the client as 500 {@code internal-error}.
 */
class CircuitBreakerFilterIntegrationTests {

    static final String KEY = "AKIDBREAKERTEST";
    static final String SECRET = "breaker/Secret+Key=Test";
    static final String USER = "arn:aws:iam::123456789012:user/breaker";
    static final String BREAKER = "resilience4j.circuitbreaker.instances.fn.";

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
        List<String> args = new ArrayList<>(List.of(
                "--" + BREAKER + "sliding-window-type=COUNT_BASED",
                "--" + BREAKER + "sliding-window-size=4",
                "--" + BREAKER + "minimum-number-of-calls=4",
                "--" + BREAKER + "failure-rate-threshold=50",
                "--" + BREAKER + "wait-duration-in-open-state=5m"));
        args.addAll(route(0, "guarded", "fn"));
        args.addAll(route(1, "slow", "other"));
        gateway = RunningGateway.signingFor(emulator.baseUri(), KEY, SECRET, args.toArray(String[]::new));
    }

    /**
     * Route {@code /<id>/**} through the front: CircuitBreaker named {@code breaker} counting 502 and 503, then
     * SigV4; order -1, ahead of the gateway's own top-level /** route.
     */
    private static List<String> route(int index, String id, String breaker) {
        String key = "--spring.cloud.gateway.server.webflux.routes[" + index + "].";
        return List.of(
                key + "id=" + id,
                key + "order=-1",
                key + "uri=" + front.baseUri(),
                key + "predicates[0]=Path=/" + id + "/**",
                key + "filters[0]=StripPrefix=1",
                key + "filters[1].name=CircuitBreaker",
                key + "filters[1].args.name=" + breaker,
                key + "filters[1].args.statusCodes=502,503",
                key + "filters[2]=SigV4=us-east-1,lambda");
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
    void healthyThenFailing_breakerOpens_andTheFunctionIsNoLongerCalled() throws Exception {
        HttpResponse<String> get = send(HttpRequest.newBuilder(gateway.uri("/guarded/hello?n=1")));
        HttpResponse<String> post = send(HttpRequest.newBuilder(gateway.uri("/guarded/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"order\":1}")));
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(emulator.requests()).hasSize(2).allSatisfy(CircuitBreakerFilterIntegrationTests::signedAndAccepted);
        assertThat(new String(emulator.lastRequest().body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"order\":1}");

        // Two failures out of four calls: 50%, the threshold; the function still verified and saw both.
        front.failNext(2, 503);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> failed = send(HttpRequest.newBuilder(gateway.uri("/guarded/hello?n=" + (i + 2))));
            assertThat(failed.statusCode()).isEqualTo(503);
            assertThat(failed.headers().firstValue("X-Sigv4-Gateway-Error"))
                    .hasValue(CircuitBreakerAnswers.UPSTREAM_STATUS);
        }
        assertThat(emulator.requests()).hasSize(4).allSatisfy(CircuitBreakerFilterIntegrationTests::signedAndAccepted);

        int before = front.received();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> refused = send(HttpRequest.newBuilder(gateway.uri("/guarded/hello?n=open" + i)));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("X-Sigv4-Gateway-Error"))
                    .hasValue(CircuitBreakerAnswers.CIRCUIT_OPEN);
            assertThat(refused.body()).contains("\"route\":\"guarded\"").contains("circuit breaker");
        }
        assertThat(front.received()).as("the open breaker calls nobody").isEqualTo(before);
        assertThat(emulator.requests()).hasSize(4);

        // Another breaker, another route: unaffected.
        assertThat(send(HttpRequest.newBuilder(gateway.uri("/slow/hello"))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void slowerThanResilience4jsOwnTimeLimit_stillPasses_theGatewayDisablesIt() throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(gateway.uri("/slow/wait")).header("x-emulator-delay-ms", "1500"));
        assertThat(response.statusCode()).isEqualTo(200);
        signedAndAccepted(emulator.lastRequest());
    }

    private static void signedAndAccepted(RecordedRequest request) {
        assertThat(request.verification().reason()).isNull();
        assertThat(request.accepted()).isTrue();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
