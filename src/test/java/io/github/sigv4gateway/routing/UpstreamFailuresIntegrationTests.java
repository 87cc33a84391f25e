package io.github.sigv4gateway.routing;

import static io.github.sigv4gateway.testsupport.ScriptedUpstream.okAfter;
import static io.github.sigv4gateway.testsupport.ScriptedUpstream.resetBeforeAnswer;
import static io.github.sigv4gateway.testsupport.ScriptedUpstream.resetIfKeptAlive;
import static io.github.sigv4gateway.testsupport.ScriptedUpstream.silent;
import static io.github.sigv4gateway.testsupport.ScriptedUpstream.status;
import static io.github.sigv4gateway.testsupport.ScriptedUpstream.truncated;
import static io.github.sigv4gateway.testsupport.ScriptedUpstream.truncatedChunked;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.answers.GatewayAnswer;
import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.testsupport.RawHttp;
import io.github.sigv4gateway.testsupport.RouteArgs;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.Scrape;
import io.github.sigv4gateway.testsupport.ScriptedUpstream;
import io.github.sigv4gateway.testsupport.ScriptedUpstream.Received;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What the gateway does when the function URL's side fails, on real sockets: resets before any answer byte are
 * sent again re-signed for idempotent methods and never for POST, retries are held to a budget and counted, the
 * function's own errors and throttling pass through unchanged unless a route lists them, and each failure has a
 * reason of its own, fast, logged once per burst. A truncated answer reaches the client as a broken connection.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamFailuresIntegrationTests {

    static final String KEY = "AKIDRETRYTEST";
    static final String SECRET = "retry/Secret+Key";

    private static ScriptedUpstream upstream;
    private static RunningGateway gateway;
    private static int closedPort;
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        upstream = new ScriptedUpstream(
                new CredentialStore().add(KEY, SECRET, "arn:aws:iam::123456789012:user/retry"), Duration.ofMinutes(5));
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String target = upstream.baseUri().toString();
        List<String> args = new ArrayList<>(
                List.of("--sigv4-gateway.allowed-http-hosts=127.0.0.1", "--sigv4-gateway.response-timeout=1s"));
        route(args, 0, "resign", target, "retry-backoff=2500ms");
        route(args, 1, "throttled", target, "retry-on=429,503", "retry-after-max=2s");
        route(args, 2, "anyway", target, "retry-non-idempotent=true");
        route(args, 3, "frugal", target, "retry-budget=0");
        route(args, 4, "closed", "http://127.0.0.1:" + closedPort);
        route(args, 5, "pooled", target);
        gateway = RunningGateway.signingFor(upstream.baseUri(), KEY, SECRET, args.toArray(String[]::new));
    }

    private static void route(List<String> args, int index, String id, String target, String... keys) {
        args.addAll(RouteArgs.route(index, id, target, keys));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void clear() {
        upstream.reset();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(gateway.uri(path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double retries(String route, String reason, String outcome) {
        return Scrape.of(gateway).samples("sigv4_gateway_upstream_retries_total").stream()
                .filter(s -> s.labels().equals(Map.of("route", route, "reason", reason, "outcome", outcome)))
                .mapToDouble(Scrape.Sample::value)
                .sum();
    }

    @Test
    void getReset_beforeAnyAnswerByte_isSentAgainSignedAfresh_andTheClientSeesTheAnswer() throws Exception {
        upstream.then(resetBeforeAnswer());

        HttpResponse<String> response = send("GET", "/resign/items?id=7", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok GET");
        List<Received> attempts = upstream.received();
        assertThat(attempts).as("%s", attempts).hasSize(2);
        assertThat(attempts).allSatisfy(a -> assertThat(a.verdict().reason()).isNull());
        assertThat(attempts.get(1).connection()).isNotEqualTo(attempts.get(0).connection());
        assertThat(attempts.get(1).header("x-amz-date"))
                .as(attempts + ": "
                        + "re-signed: the retry waited over a second (retry-backoff 2500ms, jittered from half)")
                .isGreaterThan(attempts.get(0).header("x-amz-date"));
        assertThat(retries("resign", "upstream-reset", "sent")).isEqualTo(1);
    }

    /**
     * The function URL's front end closed every kept-alive connection while the gateway's pools held several of them:
     * a retry drawn from the pool would meet another dead connection and fail; the retry opens its own connection.
     */
    @Test
    void getOnADeadPooledConnection_isSentAgainOnANewConnection_notOnAnotherPooledOne() throws Exception {
        int together = 8;
        for (int i = 0; i < together; i++) {
            upstream.then(okAfter(Duration.ofMillis(400)));
        }
        List<CompletableFuture<HttpResponse<String>>> warmUp = new ArrayList<>();
        for (int i = 0; i < together; i++) {
            warmUp.add(http.sendAsync(
                    HttpRequest.newBuilder(gateway.uri("/pooled/warm?i=" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : warmUp) {
            assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        int pooled = upstream.connections();
        assertThat(pooled)
                .as("requests sent together opened connections of their own")
                .isGreaterThan(2);
        upstream.reset();
        upstream.then(resetIfKeptAlive(), resetIfKeptAlive());

        HttpResponse<String> response = send("GET", "/pooled/after-the-close", null);

        List<Received> attempts = upstream.received();
        assertThat(response.statusCode()).as("%s", attempts).isEqualTo(200);
        assertThat(attempts).as("%s", attempts).hasSize(2);
        assertThat(attempts.get(0).connection()).as("%s", attempts).isLessThanOrEqualTo(pooled);
        assertThat(attempts.get(1).connection())
                .as("a new connection: %s", attempts)
                .isGreaterThan(pooled);
    }

    @Test
    void putReset_sendsTheBodyAgain_whole() throws Exception {
        upstream.then(resetBeforeAnswer());

        HttpResponse<String> response = send("PUT", "/throttled/doc", "x".repeat(5000));

        assertThat(response.statusCode()).isEqualTo(200);
        List<Received> attempts = upstream.received();
        assertThat(attempts).as("%s", attempts).hasSize(2);
        assertThat(new String(attempts.get(1).body())).isEqualTo("x".repeat(5000));
        assertThat(attempts.get(1).verdict().valid()).isTrue();
    }

    @Test
    void postReset_isNeverSentTwice_andGets502UpstreamReset() throws Exception {
        upstream.then(resetBeforeAnswer());

        HttpResponse<String> response = send("POST", "/resign/orders", "{\"order\":1}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue(GatewayAnswer.MARKER_HEADER)).contains("upstream-reset");
        assertThat(response.body()).contains("\"route\":\"resign\"");
        assertThat(upstream.received()).as("%s", upstream.received()).hasSize(1);
    }

    @Test
    void postReset_onARouteThatSaysSo_isSentAgain() throws Exception {
        upstream.then(resetBeforeAnswer());

        HttpResponse<String> response = send("POST", "/anyway/orders", "{\"order\":2}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.received()).as("%s", upstream.received()).hasSize(2);
        assertThat(new String(upstream.received().get(1).body())).isEqualTo("{\"order\":2}");
    }

    @Test
    void resetEveryTime_getsOneRetryOnly_then502() throws Exception {
        upstream.then(resetBeforeAnswer(), resetBeforeAnswer(), resetBeforeAnswer());

        HttpResponse<String> response = send("GET", "/throttled/x", null);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(upstream.received()).as("%s", upstream.received()).hasSize(2);
    }

    @Test
    void functionsThrottlingAndErrors_passThroughUnchanged_andAreNotRetriedByDefault() throws Exception {
        upstream.then(
                status(429, "Retry-After: 1", "x-amzn-ErrorType: TooManyRequestsException"), status(503), status(500));

        HttpResponse<String> throttled = send("GET", "/resign/a", null);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
        assertThat(throttled.headers().firstValue("x-amzn-ErrorType")).contains("TooManyRequestsException");
        assertThat(throttled.headers().firstValue(GatewayAnswer.MARKER_HEADER)).isEmpty();
        assertThat(throttled.body()).isEqualTo("{\"status\":429}");
        assertThat(send("GET", "/resign/b", null).statusCode()).isEqualTo(503);
        assertThat(send("POST", "/resign/c", "x").statusCode()).isEqualTo(500);
        assertThat(upstream.received()).as("%s", upstream.received()).hasSize(3);
    }

    @Test
    void retryOn_sendsAgainAfterRetryAfter_butPassesOnAWaitLongerThanTheCap() throws Exception {
        upstream.then(status(429, "Retry-After: 1"));
        long start = System.nanoTime();
        HttpResponse<String> retried = send("POST", "/throttled/job", "payload");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(tookMillis).as("waited Retry-After").isGreaterThanOrEqualTo(950);
        assertThat(upstream.received()).as("%s", upstream.received()).hasSize(2);
        assertThat(new String(upstream.received().get(1).body())).isEqualTo("payload");
        assertThat(retries("throttled", "status-429", "sent")).isGreaterThanOrEqualTo(1);

        upstream.reset();
        upstream.then(status(503, "Retry-After: 30"));
        HttpResponse<String> passed = send("GET", "/throttled/job", null);
        assertThat(passed.statusCode()).isEqualTo(503);
        assertThat(passed.headers().firstValue("Retry-After")).contains("30");
        assertThat(upstream.received()).as("%s", upstream.received()).hasSize(1);
    }

    @Test
    void retryBudget_stopsRetriesOnceTheReserveIsSpent() throws Exception {
        int requests = RetryBudget.RESERVE + 3;
        for (int i = 0; i < requests * 2; i++) {
            upstream.then(resetBeforeAnswer());
        }
        for (int i = 0; i < requests; i++) {
            assertThat(send("GET", "/frugal/x" + i, null).statusCode()).isEqualTo(502);
        }
        assertThat(upstream.received()).as("%s", upstream.received()).hasSize(requests + RetryBudget.RESERVE);
        assertThat(retries("frugal", "upstream-reset", "sent")).isEqualTo(RetryBudget.RESERVE);
        assertThat(retries("frugal", "upstream-reset", "budget-exhausted")).isEqualTo(3);
    }

    @Test
    void refusedConnection_isFast502UpstreamRefused_retriedEvenForPost_andLoggedOncePerBurst(CapturedOutput output)
            throws Exception {
        send("POST", "/closed/warm-up", "body");
        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = send("POST", "/closed/x", "body");
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("answered when the connection is refused, long before connect-timeout (5s)")
                    .isLessThan(1000);
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.headers().firstValue(GatewayAnswer.MARKER_HEADER))
                    .contains("upstream-refused");
        }
        assertThat(retries("closed", "upstream-refused", "sent")).isEqualTo(5);
        assertThat(output.getAll().lines().filter(l -> l.contains("refused the connection") && l.contains("WARN")))
                .hasSize(1);
    }

    @Test
    void answerThatNeverStarts_gets504UpstreamTimeout_andIsNotRetried() throws Exception {
        upstream.then(silent());

        HttpResponse<String> response = send("GET", "/slow", null);

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue(GatewayAnswer.MARKER_HEADER)).contains("upstream-timeout");
        assertThat(upstream.received()).as("%s", upstream.received()).hasSize(1);
    }

    @Test
    void truncatedAnswer_reachesTheClientAsABrokenConnection_neverACleanShortAnswer() {
        // Longer than what the gateway joins into one write (server.SingleWriteHttpHandler), so it is streamed.
        upstream.then(truncated(100_000, 40_000, Duration.ofMillis(300)));
        long start = System.nanoTime();
        RawHttp.Reply reply = RawHttp.exchange(gateway.port(), "GET /resign/cut HTTP/1.1\r\nHost: gw\r\n\r\n", 5000);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Length")).isEqualTo("100000");
        assertThat(reply.body()).hasSizeLessThan(100_000);
        assertThat(reply.closed())
                .as("closed, not left open until an idle timeout")
                .isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);

        upstream.then(truncatedChunked(Duration.ofMillis(300)));
        RawHttp.Reply chunked = RawHttp.exchange(gateway.port(), "GET /resign/cut HTTP/1.1\r\nHost: gw\r\n\r\n", 5000);
        assertThat(chunked.status()).isEqualTo(200);
        assertThat(chunked.closed()).isTrue();
        assertThat(chunked.text()).as("no last chunk: the client can tell").doesNotEndWith("0\r\n\r\n");
    }

    @Test
    void answerCutBeforeTheGatewayPassedAnyOfIt_gets502UpstreamTruncated() throws Exception {
        // Short enough for the gateway to wait for all of it before writing (server.SingleWriteHttpHandler).
        upstream.then(truncated(100, 40, Duration.ofMillis(300)));

        HttpResponse<String> response = send("GET", "/resign/cut", null);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue(GatewayAnswer.MARKER_HEADER)).contains("upstream-truncated");
        assertThat(upstream.received())
                .as("%s", upstream.received())
                .as("an answer had started: never sent again")
                .hasSize(1);
    }
}
