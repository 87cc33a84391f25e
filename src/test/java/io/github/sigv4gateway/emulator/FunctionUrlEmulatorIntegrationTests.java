package io.github.sigv4gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.testsupport.ExternalTools;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the emulator verifies signatures as AWS does, with two signers that share nothing with our code:
 * curl's {@code --aws-sigv4} (C) and botocore's {@code SigV4Auth} (Python, AWS's own). Right keys get the echo,
 * wrong keys, tampered bodies, skewed clocks and missing permissions get AWS's 403.
 */
class FunctionUrlEmulatorIntegrationTests {

    private static final String KEY = "AKIDEMULATORTEST";
    private static final String SECRET = "emulator/secret+key=42";
    private static final String TEMP_KEY = "ASIDEMULATORTEMP";
    private static final String TEMP_SECRET = "temporary-secret";
    private static final String TOKEN = "FwoGZXIvYXdzEXAMPLE//token+with/slashes==";
    private static final String USER = "arn:aws:iam::123456789012:user/emulator";
    private static final Path BOTOCORE_SCRIPT = Path.of("src", "test", "resources", "emulator", "botocore_send.py");

    private static FunctionUrlEmulator emulator;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        emulator = FunctionUrlEmulator.builder()
                .credentials(
                        new CredentialStore().add(KEY, SECRET, USER).addTemporary(TEMP_KEY, TEMP_SECRET, TOKEN, USER))
                .start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /**
     * curl 7.88 signs the query string as written (sorting came in curl 8), so its cases use queries already in
     * canonical order; botocore covers unordered and repeated keys.
     */
    static Stream<Arguments> curlRequests() {
        return Stream.of(
                Arguments.of("GET", "/", null),
                Arguments.of("GET", "/path/to/x?a=0&a=1&b=2", null),
                Arguments.of("GET", "/?empty=&key=a%20b", null),
                Arguments.of("POST", "/submit", "hello=world&x=1"),
                Arguments.of("PUT", "/items/42", "{\"v\":1}"),
                Arguments.of("DELETE", "/items/42", null));
    }

    @ParameterizedTest(name = "curl {0} {1}")
    @MethodSource("curlRequests")
    void curlSignedRequest_isAccepted_andWrongSecretRefused(String method, String target, String body) {
        ExternalTools.require("curl with --aws-sigv4", "curl", "--aws-sigv4", "aws:amz:us-east-1:lambda", "--version");
        assertThat(curl(method, target, body, KEY, SECRET, null))
                .startsWith("200 ")
                .contains("Hello from lambda!")
                .contains("\"principal\":\"" + USER + "\"");
        assertThat(emulator.lastRequest().verification().reason()).isNull();
        assertThat(curl(method, target, body, KEY, "wrong-secret", null)).isEqualTo("403 {\"Message\":\"Forbidden\"}");
        assertThat(emulator.lastRequest().verification().reason()).isEqualTo("signature mismatch");
    }

    @Test
    void curlWithSessionToken_isAccepted_onlyWithTheRightToken() {
        ExternalTools.require("curl with --aws-sigv4", "curl", "--aws-sigv4", "aws:amz:us-east-1:lambda", "--version");
        assertThat(curl("GET", "/temp", null, TEMP_KEY, TEMP_SECRET, TOKEN)).startsWith("200 ");
        assertThat(curl("GET", "/temp", null, TEMP_KEY, TEMP_SECRET, "other-token"))
                .startsWith("403 ");
        assertThat(curl("GET", "/temp", null, TEMP_KEY, TEMP_SECRET, null)).startsWith("403 ");
    }

    static Stream<Arguments> botocoreRequests() {
        return Stream.of(
                Arguments.of("GET", "/?b=2&a=1&a=0&empty=&flag", ""),
                Arguments.of("GET", "/reserved/!'()*@:=+$,;?q=%2B%3D%2A~%21%27%28%29%40%3A", ""),
                Arguments.of("GET", "/caf%C3%A9/%E1%88%B4?name=%C3%A9t%C3%A9&emoji=%F0%9F%98%80", ""),
                Arguments.of("GET", "/a%2Fb//c/./d/../e?x=%20y", ""),
                Arguments.of(
                        "POST", "/binary", Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255, 10, 13
                        })),
                Arguments.of("PUT", "/put", Base64.getEncoder().encodeToString("{\"a\":1}".getBytes())),
                Arguments.of("DELETE", "/delete?id=7", ""),
                Arguments.of("PATCH", "/patch", Base64.getEncoder().encodeToString("patch".getBytes())),
                Arguments.of("OPTIONS", "/options", ""),
                Arguments.of("HEAD", "/head", ""));
    }

    @ParameterizedTest(name = "botocore {0} {1}")
    @MethodSource("botocoreRequests")
    void botocoreSignedRequest_isAccepted_andWrongKeyRefused(String method, String target, String bodyBase64) {
        ExternalTools.require("python3 with botocore", "python3", "-c", "import botocore.auth");
        String ok = botocore(method, target, bodyBase64, KEY, SECRET, null, null);
        assertThat(ok)
                .as(() -> emulator.lastRequest().verification().toString())
                .contains("\"status\": 200");
        assertThat(emulator.lastRequest().verification().valid()).isTrue();
        String withToken = botocore(method, target, bodyBase64, TEMP_KEY, TEMP_SECRET, TOKEN, null);
        assertThat(withToken).contains("\"status\": 200");
        String wrong = botocore(method, target, bodyBase64, KEY, "not-the-secret", null, null);
        assertThat(wrong).contains("\"status\": 403");
        assertThat(emulator.lastRequest().verification().reason()).isEqualTo("signature mismatch");
    }

    @Test
    void bodyChangedAfterSigning_isRefused() {
        ExternalTools.require("python3 with botocore", "python3", "-c", "import botocore.auth");
        String tampered = botocore(
                "POST",
                "/pay",
                Base64.getEncoder().encodeToString("amount=1".getBytes()),
                KEY,
                SECRET,
                null,
                Base64.getEncoder().encodeToString("amount=9".getBytes()));
        assertThat(tampered).contains("\"status\": 403");
        // botocore signs the body hash without sending x-amz-content-sha256 for non-S3 services.
        assertThat(emulator.lastRequest().verification().reason()).isEqualTo("signature mismatch");
    }

    @Test
    void unsignedRequest_getsAwsForbidden() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(emulator.baseUri().resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"Message\":\"Forbidden\"}");
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("AccessDeniedException");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(emulator.lastRequest().verification().reason()).isEqualTo("no Authorization header");
    }

    @Test
    void clockSkew_isRefused() {
        ExternalTools.require("curl with --aws-sigv4", "curl", "--aws-sigv4", "aws:amz:us-east-1:lambda", "--version");
        try (FunctionUrlEmulator ahead = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add(KEY, SECRET, USER))
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)))
                .start()) {
            String out = curlStatusAndBody(curlCommand("GET", ahead.baseUri() + "/", null, KEY, SECRET, null));
            assertThat(out).startsWith("403 ");
            assertThat(ahead.lastRequest().verification().reason()).contains("is more than PT5M");
        }
    }

    @Test
    void policyModel_unknownKey_noPermission_identityPolicy_resourcePolicy() {
        ExternalTools.require("curl with --aws-sigv4", "curl", "--aws-sigv4", "aws:amz:us-east-1:lambda", "--version");
        String alice = "arn:aws:iam::123456789012:user/alice";
        PolicyModel policy = PolicyModel.denyByDefault();
        try (FunctionUrlEmulator strict = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add("AKIDALICE", "alice-secret", alice))
                .policy(policy)
                .start()) {
            String url = strict.baseUri() + "/";
            assertThat(curlStatusAndBody(curlCommand("GET", url, null, "AKIDNOBODY", "x", null)))
                    .startsWith("403 ");
            assertThat(curlStatusAndBody(curlCommand("GET", url, null, "AKIDALICE", "alice-secret", null)))
                    .startsWith("403 ");
            assertThat(strict.lastRequest().verification().valid())
                    .as("signature fine, permission missing")
                    .isTrue();
            policy.allowIdentity(alice, "lambda:InvokeFunctionUrl", FunctionUrlEmulator.DEFAULT_FUNCTION_ARN);
            assertThat(curlStatusAndBody(curlCommand("GET", url, null, "AKIDALICE", "alice-secret", null)))
                    .startsWith("200 ");
            policy.removeIdentity(alice, "lambda:InvokeFunctionUrl", FunctionUrlEmulator.DEFAULT_FUNCTION_ARN);
            policy.allowResource(alice, "lambda:InvokeFunctionUrl");
            assertThat(curlStatusAndBody(curlCommand("GET", url, null, "AKIDALICE", "alice-secret", null)))
                    .startsWith("200 ");
        }
    }

    @Test
    void testBehaviours_streamChunksSeparately_bigBodies_delay_status() throws Exception {
        ExternalTools.require("curl with --aws-sigv4", "curl", "--aws-sigv4", "aws:amz:us-east-1:lambda", "--version");
        // Chunks: the first line arrives while later ones are still 400 ms away.
        List<String> stream =
                new ArrayList<>(curlCommand("GET", emulator.baseUri() + "/stream", null, KEY, SECRET, null));
        stream.addAll(1, List.of("-N", "-H", "x-emulator-stream-chunks: 3", "-H", "x-emulator-chunk-delay-ms: 400"));
        Instant started = Instant.now();
        Process process = new ProcessBuilder(stream).start();
        InputStream out = process.getInputStream();
        byte[] first = out.readNBytes(8);
        Duration firstAfter = Duration.between(started, Instant.now());
        String rest = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("chunk-0\n");
        assertThat(rest).isEqualTo("chunk-1\nchunk-2\n");
        assertThat(Duration.between(started, Instant.now()).minus(firstAfter)).isGreaterThan(Duration.ofMillis(500));

        List<String> big = new ArrayList<>(curlCommand("GET", emulator.baseUri() + "/big", null, KEY, SECRET, null));
        big.addAll(1, List.of("-H", "x-emulator-response-bytes: 3000000", "-o", "/dev/null", "-w", "%{size_download}"));
        assertThat(ExternalTools.run(big, "")).isEqualTo("3000000");

        List<String> status =
                new ArrayList<>(curlCommand("GET", emulator.baseUri() + "/teapot", null, KEY, SECRET, null));
        status.addAll(1, List.of("-H", "x-emulator-status: 418", "-H", "x-emulator-delay-ms: 300"));
        Instant before = Instant.now();
        assertThat(curlStatusAndBody(status)).startsWith("418 ");
        assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    private static String curl(String method, String target, String body, String key, String secret, String token) {
        return curlStatusAndBody(curlCommand(method, emulator.baseUri() + target, body, key, secret, token));
    }

    /** The curl arguments for one signed request; stdout is the body. */
    static List<String> curlCommand(String method, String url, String body, String key, String secret, String token) {
        List<String> command = new ArrayList<>(List.of(
                "curl",
                "-s",
                "--path-as-is",
                "-X",
                method,
                "--aws-sigv4",
                "aws:amz:us-east-1:lambda",
                "--user",
                key + ":" + secret));
        if (token != null) {
            command.addAll(List.of("-H", "x-amz-security-token: " + token));
        }
        if (body != null) {
            command.addAll(List.of("--data-binary", body));
        }
        command.add(url);
        return command;
    }

    /** Runs curl and returns {@code "<status> <body>"}. */
    static String curlStatusAndBody(List<String> curl) {
        try {
            Path out = java.nio.file.Files.createTempFile("curl", ".out");
            List<String> command = new ArrayList<>(curl);
            command.addAll(command.size() - 1, List.of("-o", out.toString(), "-w", "%{http_code}"));
            String status = ExternalTools.run(command, "").trim();
            String body = java.nio.file.Files.readString(out);
            java.nio.file.Files.delete(out);
            return status + " " + body;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String botocore(
            String method,
            String target,
            String bodyBase64,
            String key,
            String secret,
            String token,
            String tamperBody) {
        String spec = "{\"url\":\"" + emulator.baseUri() + target.replace("\"", "\\\"") + "\",\"method\":\"" + method
                + "\",\"headers\":{},\"body_base64\":\"" + bodyBase64 + "\",\"access_key\":\"" + key
                + "\",\"secret_key\":\"" + secret + "\",\"token\":" + (token == null ? "null" : "\"" + token + "\"")
                + ",\"region\":\"us-east-1\",\"service\":\"lambda\""
                + (tamperBody == null ? "" : ",\"tamper_body\":\"" + tamperBody + "\"") + "}";
        return ExternalTools.run(List.of("python3", BOTOCORE_SCRIPT.toString()), spec);
    }
}
