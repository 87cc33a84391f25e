package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.answers.GatewayAnswer;
import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.emulator.RecordedRequest;
import io.github.sigv4gateway.testsupport.RawHttp;
import io.github.sigv4gateway.testsupport.RunningGateway;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;

/**
 * The whole gateway on real sockets in front of the function-URL emulator, which recomputes SigV4 from the bytes
 * it receives: every request shape must arrive signed so that AWS would accept it, and the function's answer must
 * come back unchanged and streamed.
 */
@ExtendWith(OutputCaptureExtension.class)
class SigningGatewayIntegrationTests {

    static final String KEY = "AKIDGATEWAYTEST";
    static final String SECRET = "gateway/Secret+Key=Test";
    static final String USER = "arn:aws:iam::123456789012:user/gateway";

    private static FunctionUrlEmulator emulator;
    private static RunningGateway gateway;
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add(KEY, SECRET, USER))
                .start();
        gateway = RunningGateway.start(
                "--sigv4-gateway.target=" + emulator.baseUri(),
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda",
                "--sigv4-gateway.response-timeout=2s",
                "--sigv4-gateway.connect-timeout=4s",
                "--sigv4-gateway.credentials.default.type=static",
                "--sigv4-gateway.credentials.default.access-key-id=" + KEY,
                "--sigv4-gateway.credentials.default.secret-access-key=" + SECRET,
                "--sigv4-gateway.routes[0].id=prefixed",
                "--sigv4-gateway.routes[0].path=/api/**",
                "--sigv4-gateway.routes[0].strip-prefix=1",
                "--sigv4-gateway.routes[0].target=" + emulator.baseUri() + "/base",
                "--sigv4-gateway.routes[0].region=us-east-1",
                "--sigv4-gateway.routes[0].service=lambda",
                "--sigv4-gateway.routes[0].max-body-size=1KB",
                "--sigv4-gateway.routes[0].connect-timeout=3s",
                "--spring.cloud.gateway.server.webflux.routes[0].id=scg-route",
                "--spring.cloud.gateway.server.webflux.routes[0].uri=" + emulator.baseUri(),
                "--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/scg/**",
                "--spring.cloud.gateway.server.webflux.routes[0].filters[0]=StripPrefix=1",
                "--spring.cloud.gateway.server.webflux.routes[0].filters[1]=SigV4=us-east-1,lambda,default");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        emulator.close();
    }

    @BeforeEach
    void clear() {
        emulator.clear();
    }

    private static RecordedRequest accepted() {
        RecordedRequest last = emulator.lastRequest();
        assertThat(last.verification().reason())
                .as("emulator's verdict on %s", last.rawTarget())
                .isNull();
        assertThat(last.accepted()).isTrue();
        return last;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    void everyMethod_isSignedSoTheFunctionUrlAcceptsIt(String method) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.uri("/m?x=1"))
                        .method(
                                method,
                                HttpRequest.BodyPublishers.ofString(
                                        method.equals("GET") || method.equals("HEAD") ? "" : "payload-" + method))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = accepted();
        assertThat(received.method()).isEqualTo(method);
        assertThat(received.header("x-amz-content-sha256")).isEqualTo(sha256(received.body()));
        if (!method.equals("HEAD")) {
            assertThat(response.body()).contains("Hello from lambda!");
        }
    }

    static Stream<Arguments> targets() {
        return Stream.of(
                Arguments.of("unordered and repeated keys", "/q?b=2&a=1&a=0&c=3&a=", "/q?b=2&a=1&a=0&c=3&a="),
                Arguments.of("empty values and bare keys", "/q?empty=&flag&x=1", "/q?empty=&flag&x=1"),
                Arguments.of(
                        "reserved characters in the query",
                        "/q?k=+=*~!'()@:&p=a+b",
                        "/q?k=+%3D%2A~%21%27%28%29%40%3A&p=a+b"),
                Arguments.of("encoded slash", "/a%2Fb/c", "/a%2Fb/c"),
                Arguments.of("double slashes", "//a//b//", "//a//b//"),
                Arguments.of("dot segments", "/a/./b/../c", "/a/c"),
                Arguments.of("encoded dot segments cannot climb", "/%2E%2E/%2e%2E/x", "/x"),
                Arguments.of("spaces", "/with%20space?q=a%20b", "/with%20space?q=a%20b"),
                Arguments.of("lower-case escapes", "/caf%c3%a9?n=%c3%a9", "/caf%C3%A9?n=%C3%A9"),
                Arguments.of(
                        "reserved characters in the path",
                        "/p/!'()*@:=$,;+",
                        "/p/%21%27%28%29%2A%40%3A%3D%24%2C%3B%2B"),
                Arguments.of(
                        "raw non-ASCII bytes",
                        "/\u00e1\u0088\u00b4?\u00e1\u0088\u00b4=\u00c3\u00a9",
                        "/%E1%88%B4?%E1%88%B4=%C3%A9"),
                Arguments.of("function's own actuator path", "/actuator/health", "/actuator/health"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void requestTarget_isSentAsSigned_andAccepted(String name, String clientTarget, String expectedTarget) {
        RawHttp.Reply reply = RawHttp.exchange(
                gateway.port(),
                ("GET " + clientTarget + " HTTP/1.1\r\nHost: client.example\r\nConnection: close\r\n\r\n"),
                5000);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        RecordedRequest received = accepted();
        assertThat(received.rawTarget()).isEqualTo(expectedTarget);
    }

    @Test
    void plusInTheQuery_travelsAsSent_andMeansASpace_while2BMeansAPlus() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.uri("/calc?name=John+Smith&expr=1%2B2&first+name=Ann&sp=a%20b"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(accepted().rawTarget()).isEqualTo("/calc?name=John+Smith&expr=1%2B2&first+name=Ann&sp=a%20b");
        assertThat(response.body())
                .contains("\"name\":\"John Smith\"")
                .contains("\"expr\":\"1+2\"")
                .contains("\"first name\":\"Ann\"")
                .contains("\"sp\":\"a b\"");
    }

    @Test
    void bodies_empty_binary_chunked_andFiveMegabytes_areHashedAndAccepted() throws Exception {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        byte[] big = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(big);
        for (byte[] body : List.of(new byte[0], binary, big)) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(gateway.uri("/body"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            RecordedRequest received = accepted();
            assertThat(received.body()).isEqualTo(body);
            assertThat(received.header("content-length")).isEqualTo(String.valueOf(body.length));
        }
        // A chunked client body arrives with a Content-Length, never chunked: the hash covers exactly those bytes.
        RawHttp.Reply reply = RawHttp.exchange(
                gateway.port(),
                "POST /chunked HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                5000);
        assertThat(reply.status()).isEqualTo(200);
        RecordedRequest chunked = accepted();
        assertThat(new String(chunked.body(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        assertThat(chunked.header("content-length")).isEqualTo("11");
        assertThat(chunked.header("transfer-encoding")).isNull();
    }

    @Test
    void clientSignatureHeaders_hopByHopHeaders_andHost_areNotForwarded() throws Exception {
        RawHttp.Reply reply = RawHttp.exchange(
                gateway.port(),
                "GET /headers HTTP/1.1\r\n"
                        + "Host: evil.example\r\n"
                        + "Authorization: Bearer client-secret-token\r\n"
                        + "X-Amz-Date: 19990101T000000Z\r\n"
                        + "X-Amz-Security-Token: client-token\r\n"
                        + "X-Amz-Content-Sha256: UNSIGNED-PAYLOAD\r\n"
                        + "X-Amz-Target: custom-value\r\n"
                        + "Keep-Alive: timeout=5\r\n"
                        + "Proxy-Authorization: Basic abc\r\n"
                        + "Connection: close, X-Drop-Me\r\n"
                        + "X-Drop-Me: 1\r\n"
                        + "X-Forwarded-For: 203.0.113.7\r\n"
                        + "X-Keep-Me: 2\r\n\r\n",
                5000);
        assertThat(reply.status()).isEqualTo(200);
        RecordedRequest received = accepted();
        assertThat(received.header("host")).isEqualTo("127.0.0.1:" + emulator.port());
        assertThat(received.headerValues("authorization"))
                .singleElement()
                .asString()
                .startsWith("AWS4-HMAC-SHA256 ");
        assertThat(received.headerValues("x-amz-date"))
                .singleElement()
                .asString()
                .doesNotStartWith("1999");
        assertThat(received.header("x-amz-security-token")).isNull();
        assertThat(received.header("x-amz-content-sha256")).isEqualTo(sha256(new byte[0]));
        assertThat(received.header("x-amz-target")).isEqualTo("custom-value");
        assertThat(received.header("authorization")).contains("x-amz-target");
        assertThat(received.header("keep-alive")).isNull();
        assertThat(received.header("proxy-authorization")).isNull();
        assertThat(received.header("x-drop-me")).isNull();
        assertThat(received.header("x-keep-me")).isEqualTo("2");
        assertThat(received.headerValues("x-forwarded-for"))
                .as("end-to-end, unchanged")
                .containsExactly("203.0.113.7");
        for (String added : List.of(
                "forwarded", "x-forwarded-host", "x-forwarded-port", "x-forwarded-proto", "x-forwarded-prefix")) {
            assertThat(received.header(added)).as(added + " is not added").isNull();
        }
    }

    @Test
    void absoluteFormTarget_onlyEverReachesTheRoutesTarget() {
        RawHttp.Reply reply = RawHttp.exchange(
                gateway.port(),
                "GET http://evil.example:8080/steal?x=1 HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
                5000);
        assertThat(reply.status()).isEqualTo(200);
        RecordedRequest received = accepted();
        assertThat(received.rawTarget()).isEqualTo("/steal?x=1");
        assertThat(received.header("host")).isEqualTo("127.0.0.1:" + emulator.port());
    }

    @Test
    void halfSentRequest_isNeverForwarded_norTakenForAnUpstreamFailure(CapturedOutput output) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.getOutputStream()
                    .write("POST /half HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nonly-part".getBytes());
            socket.getOutputStream().flush();
            Thread.sleep(300);
        }
        // The access-log line is written once the exchange has ended, so it marks the end of the handling.
        await().atMost(Duration.ofSeconds(5)).until(output::getAll, log -> log.contains("path=/half "));
        assertThat(emulator.requests()).isEmpty();
        assertThat(output.getAll())
                .as("a client that went away is not a 502 nor a warning")
                .doesNotContain("POST /half on route")
                .doesNotContain("closed the connection before answering")
                .as("nor a 200: it got no answer at all (499, as nginx logs it)")
                .contains("method=POST path=/half status=499 ");
        String metrics = gateway.management("/actuator/prometheus").body();
        assertThat(metrics)
                .doesNotContain("reason=\"upstream-")
                .contains("method=\"POST\",outcome=\"client_closed\",route=\"default\",status=\"499\"");
    }

    @Test
    void functionsAnswer_passesThroughUnchanged_includingAwsForbidden() throws Exception {
        HttpResponse<String> teapot = http.send(
                HttpRequest.newBuilder(gateway.uri("/status"))
                        .header("x-emulator-status", "418")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(teapot.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(teapot.headers().firstValue(GatewayAnswer.MARKER_HEADER)).isEmpty();

        try (RunningGateway wrongKey = RunningGateway.start(
                "--sigv4-gateway.target=" + emulator.baseUri(),
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda",
                "--sigv4-gateway.credentials.default.type=static",
                "--sigv4-gateway.credentials.default.access-key-id=" + KEY,
                "--sigv4-gateway.credentials.default.secret-access-key=not-the-secret")) {
            HttpResponse<String> forbidden =
                    http.send(HttpRequest.newBuilder(wrongKey.uri("/x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.body()).isEqualTo("{\"Message\":\"Forbidden\"}");
            assertThat(forbidden.headers().firstValue("x-amzn-ErrorType")).contains("AccessDeniedException");
            assertThat(forbidden.headers().firstValue(GatewayAnswer.MARKER_HEADER))
                    .isEmpty();
        }
    }

    @Test
    void slowChunkedResponse_streams_firstChunkLongBeforeTheLast() throws Exception {
        Instant start = Instant.now();
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(gateway.uri("/stream"))
                        .header("x-emulator-stream-chunks", "4")
                        .header("x-emulator-chunk-delay-ms", "500")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            byte[] first = body.readNBytes("chunk-0\n".length());
            Duration firstAt = Duration.between(start, Instant.now());
            String rest = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            Duration lastAt = Duration.between(start, Instant.now());
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("chunk-0\n");
            assertThat(rest).isEqualTo("chunk-1\nchunk-2\nchunk-3\n");
            assertThat(firstAt).isLessThan(Duration.ofMillis(1000));
            assertThat(lastAt.minus(firstAt)).isGreaterThan(Duration.ofMillis(1200));
        }
    }

    @Test
    void twentyMegabyteResponse_arrivesWholeAndIntact() throws Exception {
        int size = 20 * 1024 * 1024;
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(gateway.uri("/big"))
                        .header("x-emulator-response-bytes", String.valueOf(size))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long count = 0;
        boolean intact = true;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = body.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    intact &= buffer[i] == (byte) ((count + i) % 251);
                }
                count += n;
            }
        }
        assertThat(count).isEqualTo(size);
        assertThat(intact).isTrue();
        assertThat(response.headers().firstValue("content-length")).contains(String.valueOf(size));
    }

    @Test
    void clientThatLeavesWhileTheFunctionWorks_isLogged499_notTheFunctionsStatus(CapturedOutput output)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.getOutputStream()
                    .write(("GET /left-waiting HTTP/1.1\r\nHost: a\r\nx-emulator-delay-ms: 1000" + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !emulator.requests().isEmpty());
        }
        await().atMost(Duration.ofSeconds(5)).until(output::getAll, log -> log.contains("path=/left-waiting "));
        assertThat(output.getAll()).contains("method=GET path=/left-waiting status=499 ");
    }

    @Test
    void slowFunction_gets504_afterTheResponseTimeout() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.uri("/slow"))
                        .header("x-emulator-delay-ms", "4000")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue(GatewayAnswer.MARKER_HEADER)).contains("upstream-timeout");
        assertThat(response.body()).contains("\"route\":\"default\"");
    }

    @Test
    void stripPrefix_andTargetBasePath_compose_andRouteLimitsApply() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.uri("/api/v1/items?id=7")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(accepted().rawTarget()).isEqualTo("/base/v1/items?id=7");

        HttpResponse<String> tooBig = http.send(
                HttpRequest.newBuilder(gateway.uri("/api/upload"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2048]))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body()).contains("'prefixed' (1024 bytes)");
    }

    @Test
    void standardScgRoute_withTheSigV4Filter_isSignedToo() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.uri("/scg/reports?y=2&x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(accepted().rawTarget()).isEqualTo("/reports?y=2&x=1");
    }

    @Test
    void proxyPortHasNoActuator_managementPortHasProbesAndMetrics_andTheAccessLogHasNoSecrets(CapturedOutput output)
            throws Exception {
        http.send(
                HttpRequest.newBuilder(gateway.uri("/logged?secret=query")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted().rawTarget())
                .as("/actuator on the proxy port is just a path")
                .isEqualTo("/logged?secret=query");
        http.send(
                HttpRequest.newBuilder(gateway.uri("/logged-body"))
                        .POST(HttpRequest.BodyPublishers.ofString("12345"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        http.send(
                HttpRequest.newBuilder(gateway.uri("/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted().rawTarget()).isEqualTo("/actuator/prometheus");

        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness", "/actuator/info")) {
            assertThat(gateway.management(probe).statusCode()).as(probe).isEqualTo(200);
        }
        // Meters are recorded once the exchange completes, which may be just after the client has the answer.
        String metrics = await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> gateway.management("/actuator/prometheus").body(),
                        body -> body.contains("route=\"default\",status=\"200\""));
        assertThat(metrics)
                .containsPattern(
                        "sigv4_gateway_requests_seconds_count\\{client=\"anonymous\",method=\"GET\",outcome=\"success\",route=\"default\",status=\"200\"}")
                .contains("sigv4_gateway_signing_seconds_count{route=\"default\"}")
                .doesNotContain(SECRET);
        // Access-log lines are written by a background thread, off the event loop.
        String log = await().atMost(Duration.ofSeconds(5))
                .until(output::getAll, all -> all.contains("route=default method=GET path=/logged status=200"));
        assertThat(((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("sigv4.gateway.access"))
                        .getAppender("SIGV4_ACCESS_LOG"))
                .as("the access log is written off the event loop")
                .isInstanceOf(io.github.sigv4gateway.observability.AccessLogAppender.class);
        assertThat(log)
                .containsPattern("route=default method=POST path=/logged-body status=200 duration_ms=\\d+ bytes_in=5 ")
                .contains("route=default method=GET path=/logged status=200")
                .doesNotContain("secret=query")
                .doesNotContain(SECRET)
                .doesNotContain("Signature=");
        assertThat(log)
                .as("probes and scrapes stay out of the proxy's access log")
                .doesNotContain("path=/actuator/health")
                .doesNotContain("path=/actuator/info");
        assertThat(metrics)
                .as("nor are they counted as proxied requests")
                .doesNotContain("route=\"none\",status=\"200\"");
    }

    /** The route-to-URL step SCG runs for every request is the gateway's, which leaves out routes with a target. */
    @Test
    void routesWithATarget_areMarked_andScgsRouteToUrlFilterIsReplaced() {
        assertThat(gateway.context()
                        .getBeansOfType(org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter.class)
                        .values())
                .singleElement()
                .isInstanceOf(FixedTargetRouteToRequestUrlFilter.class);
        Map<String, Map<String, Object>> metadata = new java.util.HashMap<>();
        gateway.context()
                .getBean(org.springframework.cloud.gateway.route.RouteLocator.class)
                .getRoutes()
                .doOnNext(route -> metadata.put(route.getId(), route.getMetadata()))
                .blockLast();
        assertThat(metadata).containsOnlyKeys("default", "prefixed", "scg-route");
        assertThat(metadata.get("default")).containsEntry(FixedTargetRouteToRequestUrlFilter.FIXED_TARGET, true);
        assertThat(metadata.get("prefixed")).containsEntry(FixedTargetRouteToRequestUrlFilter.FIXED_TARGET, true);
        assertThat(metadata.get("scg-route")).doesNotContainKey(FixedTargetRouteToRequestUrlFilter.FIXED_TARGET);
    }

    /**
     * SCG re-configures its HTTP client on every request of a route that carries a connect timeout of its own: the
     * top-level value (4s here, not the 5s default) is the client's, so only the route with another value pays.
     */
    @Test
    void timeouts_reachTheRoutes_andTheTopLevelConnectTimeoutIsSetOnceOnTheClient() {
        Map<String, Map<String, Object>> metadata = new java.util.HashMap<>();
        gateway.context()
                .getBean(org.springframework.cloud.gateway.route.RouteLocator.class)
                .getRoutes()
                .doOnNext(route -> metadata.put(route.getId(), route.getMetadata()))
                .blockLast();
        assertThat(metadata.get("default"))
                .containsEntry(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, 2000L)
                .as("4s is the client's own connect timeout")
                .doesNotContainKey(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR);
        assertThat(metadata.get("prefixed")).containsEntry(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, 3000L);
        assertThat(gateway.context()
                        .getBean(reactor.netty.http.client.HttpClient.class)
                        .configuration()
                        .options()
                        .get(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS))
                .isEqualTo(4000);
    }

    /** SCG's header filters that run on every request and answer: the copy-free hop-by-hop one, no gRPC ones. */
    @Test
    void headerFilters_hopByHopOneIsCopyFree_andTheGrpcOnesAreNotRegistered() {
        assertThat(gateway.context()
                        .getBeansOfType(org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter.class)
                        .values())
                .anySatisfy(filter -> assertThat(filter).isInstanceOf(CopyFreeHopByHopHeadersFilter.class))
                .noneSatisfy(
                        filter -> assertThat(filter.getClass().getSimpleName()).startsWith("GRPC"));
    }

    /** SCG's client is built by the gateway's factory, and the requests forwarded so far used per-loop pools. */
    @Test
    void upstreamConnections_arePooledPerEventLoop() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.uri("/per-loop")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Object factory = gateway.context().getBean("&gatewayHttpClientFactory");
        assertThat(factory).isInstanceOf(io.github.sigv4gateway.upstream.GatewayHttpClientFactory.class);
        var connections = ((io.github.sigv4gateway.upstream.GatewayHttpClientFactory) factory).connectionProvider();
        assertThat(connections).isNotNull();
        assertThat(connections.pooled())
                .isInstanceOfSatisfying(
                        io.github.sigv4gateway.upstream.EventLoopLocalConnectionProvider.class,
                        provider -> assertThat(provider.loopPools())
                                .isNotEmpty()
                                .allSatisfy(pool -> assertThat(pool.name()).matches("proxy-\\d+")));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
