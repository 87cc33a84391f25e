package io.github.sigv4gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.testsupport.Closeables;
import io.github.sigv4gateway.testsupport.RunningGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCG's {@code RequestRateLimiter} with its Redis rate limiter across two replicas sharing one real
 * {@code redis-server}, on the README's route (RequestRateLimiter, CircuitBreaker, Retry, SigV4): the limit holds
 * across both gateways, refused requests get 429 with SCG's {@code X-RateLimit-*} headers and never reach the
 * function, allowed ones arrive signed. Each replica alone would let a full burst through: a limiter per process
 * instead of the shared one fails the counts below.
 */
class RedisRateLimiterIntegrationTests {

    static final String KEY = "AKIDLIMITTEST";
    static final String SECRET = "limit/Secret+Key=Test";
    static final String USER = "arn:aws:iam::123456789012:user/limit";

    private static LocalRedis redis;
    private static FunctionUrlEmulator emulator;
    private static RunningGateway first;
    private static RunningGateway second;
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add(KEY, SECRET, USER))
                .start();
        first = replica();
        second = replica();
    }

    /**
     * A bucket of 60 tokens refilled at 1 a second, 20 tokens a request: three requests pass, the fourth would
     * wait 20 s, far longer than the test, so the counts do not depend on its speed.
     */
    private static RunningGateway replica() {
        List<String> args = new ArrayList<>(
                List.of("--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port()));
        args.addAll(route(0, "limited", "#{@wholeRouteKeyResolver}"));
        args.addAll(route(1, "per-client", null));
        return RunningGateway.signingFor(emulator.baseUri(), KEY, SECRET, args.toArray(String[]::new));
    }

    private static List<String> route(int index, String id, String keyResolver) {
        String key = "--spring.cloud.gateway.server.webflux.routes[" + index + "].";
        String limiter = key + "filters[0].args.redis-rate-limiter.";
        List<String> args = new ArrayList<>(List.of(
                key + "id=" + id,
                key + "order=-1",
                key + "uri=" + emulator.baseUri(),
                key + "predicates[0]=Path=/" + id + "/**",
                key + "filters[0].name=RequestRateLimiter",
                limiter + "replenishRate=1",
                limiter + "burstCapacity=60",
                limiter + "requestedTokens=20",
                key + "filters[1].name=CircuitBreaker",
                key + "filters[1].args.name=" + id,
                key + "filters[1].args.statusCodes=502,503",
                key + "filters[2].name=Retry",
                key + "filters[2].args.retries=2",
                key + "filters[2].args.statuses=BAD_GATEWAY,SERVICE_UNAVAILABLE",
                key + "filters[2].args.methods=GET,POST",
                key + "filters[3]=SigV4=us-east-1,lambda,default"));
        if (keyResolver != null) {
            args.add(key + "filters[0].args.key-resolver=" + keyResolver);
        }
        return args;
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(second, first, emulator, redis);
    }

    @BeforeEach
    void clear() {
        emulator.clear();
    }

    @Test
    void oneLimitAcrossTwoReplicas_refusedRequestsGet429AndNeverReachTheFunction() throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RunningGateway replica = i % 2 == 0 ? first : second;
            answers.add(send(replica, "/limited/orders?i=" + i));
        }

        List<HttpResponse<String>> allowed =
                answers.stream().filter(a -> a.statusCode() == 200).toList();
        List<HttpResponse<String>> refused =
                answers.stream().filter(a -> a.statusCode() == 429).toList();
        assertThat(allowed).as("one bucket of three requests for both replicas").hasSize(3);
        assertThat(refused).hasSize(5);
        assertThat(emulator.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.verification().reason()).isNull();
            assertThat(r.accepted()).isTrue();
        });
        HttpResponse<String> last = answers.get(answers.size() - 1);
        assertThat(last.statusCode()).isEqualTo(429);
        // Fewer tokens left than a request needs: 0, or 1 when the requests spanned a second boundary of Redis's
        // clock and the bucket got its one token a second back (seen once in a run that took 0.1 s).
        assertThat(last.headers().firstValue("X-RateLimit-Remaining"))
                .hasValueSatisfying(
                        remaining -> assertThat(Integer.parseInt(remaining)).isBetween(0, 19));
        assertThat(last.headers().firstValue("X-RateLimit-Replenish-Rate")).hasValue("1");
        assertThat(last.headers().firstValue("X-RateLimit-Burst-Capacity")).hasValue("60");
        assertThat(last.headers().firstValue("X-RateLimit-Requested-Tokens")).hasValue("20");
        assertThat(answers.get(1).statusCode())
                .as("the second replica spends the same bucket")
                .isEqualTo(200);
        assertThat(answers.get(7).statusCode()).isEqualTo(429);
    }

    @Test
    void routeWithoutKeyResolver_limitsByClientAddress_insteadOfRefusingEveryRequest() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(send(i % 2 == 0 ? first : second, "/per-client/x").statusCode());
        }
        // SCG's own default (the principal's name, empty here) would answer 403 to every request.
        assertThat(statuses).containsExactly(200, 200, 200, 429);
        assertThat(emulator.requests()).hasSize(3);
    }

    /** The README's route as written there, its URI pointed at the emulator: all three filters, then SigV4. */
    @Test
    void readmeRoute_asWritten_passesThroughItsLimiterBreakerAndRetry_signed(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("### Standard Spring Cloud Gateway routes");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start))
                .replaceFirst("uri: \\S+", "uri: " + emulator.baseUri());
        assertThat(yaml).contains("RequestRateLimiter", "CircuitBreaker", "Retry", "SigV4=");
        Path config = Files.writeString(dir.resolve("readme-route.yaml"), yaml);
        try (RunningGateway readmeGateway = RunningGateway.signingFor(
                emulator.baseUri(),
                KEY,
                SECRET,
                "--spring.config.additional-location=file:" + config,
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redis.port())) {
            HttpResponse<String> answer = send(readmeGateway, "/reports/hello?name=readme");

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-RateLimit-Burst-Capacity"))
                    .as("the README's limiter ran")
                    .hasValue("100");
            assertThat(emulator.requests()).singleElement().satisfies(r -> {
                assertThat(r.rawTarget()).isEqualTo("/hello?name=readme");
                assertThat(r.verification().reason()).isNull();
                assertThat(r.accepted()).isTrue();
            });
        }
    }

    private static HttpResponse<String> send(RunningGateway replica, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(replica.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
