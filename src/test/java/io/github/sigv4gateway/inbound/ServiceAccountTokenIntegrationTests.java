package io.github.sigv4gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.testsupport.NettyBlockingDetector;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Kubernetes service-account tokens on real sockets, against a JWKS the test serves on 127.0.0.1 as a cluster's
 * issuer would: the listed service account passes and is signed for, a token for another one gets 403, a missing
 * token 401, and a token with the wrong audience, issuer, subject kind, key or time 401; none of them reaches the
 * function, and the issuer's keys are fetched once.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServiceAccountTokenIntegrationTests {

    static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    static final String AUDIENCE = "sigv4-gateway";
    static final String ORDERS = "system:serviceaccount:shop:orders";

    private static RSAKey issuerKey;
    private static HttpServer jwks;
    private static final AtomicInteger jwksFetches = new AtomicInteger();
    private static FunctionUrlEmulator emulator;
    private static RunningGateway gateway;
    /** Its issuer's keys are at a closed port. Started and stopped with the other: closing a gateway while another
     * serves stops the event loops they share. */
    private static RunningGateway keysUnreachable;

    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        issuerKey = new RSAKeyGenerator(2048).keyID("cluster-1").generate();
        byte[] keys = new JWKSet(issuerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/openid/v1/jwks", exchange -> {
            jwksFetches.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        jwks.start();
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add("AKIDSATEST", "sa/Secret", "arn:aws:iam::123456789012:user/sa"))
                .start();
        gateway = RunningGateway.signingFor(
                emulator.baseUri(),
                "AKIDSATEST",
                "sa/Secret",
                "--sigv4-gateway.service-account-tokens.issuer=" + ISSUER,
                "--sigv4-gateway.service-account-tokens.audience=" + AUDIENCE,
                "--sigv4-gateway.service-account-tokens.jwk-set-uri=http://127.0.0.1:"
                        + jwks.getAddress().getPort() + "/openid/v1/jwks",
                "--sigv4-gateway.allow[0]=" + ORDERS);
        keysUnreachable = RunningGateway.signingFor(
                emulator.baseUri(),
                "AKIDSATEST",
                "sa/Secret",
                "--sigv4-gateway.service-account-tokens.issuer=" + ISSUER,
                "--sigv4-gateway.service-account-tokens.audience=" + AUDIENCE,
                "--sigv4-gateway.service-account-tokens.jwk-set-uri=http://127.0.0.1:1/openid/v1/jwks",
                "--sigv4-gateway.allow[0]=" + ORDERS);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (keysUnreachable != null) {
            keysUnreachable.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (jwks != null) {
            jwks.stop(0);
        }
    }

    @BeforeEach
    void clear() {
        emulator.clear();
    }

    @Test
    void listedServiceAccount_passes_isLogged_andTheTokenNeverReachesTheFunction(CapturedOutput output)
            throws Exception {
        String token = token(issuerKey, ISSUER, ORDERS, AUDIENCE, Instant.now().plusSeconds(600));

        HttpResponse<String> response = get("/orders", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(emulator.lastRequest().accepted()).isTrue();
        assertThat(emulator.lastRequest().header("authorization")).startsWith("AWS4-HMAC-SHA256 ");
        assertThat(emulator.lastRequest().headers().toString()).doesNotContain(token);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output.getAll())
                        .containsPattern("path=/orders status=200 .* client=" + ORDERS + "\\R"));
        assertThat(output.getAll()).doesNotContain(token);
        assertThat(gateway.context()
                        .getBean(MeterRegistry.class)
                        .find("sigv4.gateway.requests")
                        .tags("client", ORDERS)
                        .timer())
                .isNotNull();
    }

    @Test
    void anotherServiceAccount_gets403() throws Exception {
        String token = token(issuerKey, ISSUER, "system:serviceaccount:shop:billing", AUDIENCE, inTenMinutes());

        HttpResponse<String> response = get("/orders", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Sigv4-Gateway-Error")).hasValue("client-not-allowed");
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void noToken_gets401_withABearerChallenge() throws Exception {
        HttpResponse<String> response = get("/orders", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("X-Sigv4-Gateway-Error")).hasValue("token-missing");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"sigv4-gateway\"");
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void invalidTokens_get401_andNeverReachTheFunction() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("cluster-1").generate();
        RSAKey unknownKid = new RSAKeyGenerator(2048).keyID("elsewhere").generate();
        List<String> tokens = List.of(
                token(issuerKey, ISSUER, ORDERS, "another-audience", inTenMinutes()),
                token(issuerKey, "https://other-issuer.example", ORDERS, AUDIENCE, inTenMinutes()),
                token(issuerKey, ISSUER, ORDERS, AUDIENCE, Instant.now().minusSeconds(600)),
                token(issuerKey, ISSUER, "alice", AUDIENCE, inTenMinutes()),
                token(stranger, ISSUER, ORDERS, AUDIENCE, inTenMinutes()),
                token(unknownKid, ISSUER, ORDERS, AUDIENCE, inTenMinutes()));

        for (String token : tokens) {
            HttpResponse<String> response = get("/orders", "Bearer " + token);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("X-Sigv4-Gateway-Error")).hasValue("token-invalid");
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"sigv4-gateway\", error=\"invalid_token\"");
        }
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void issuerKeys_areFetchedOnce_andNothingBlocksAnEventLoop() throws Exception {
        String token = token(issuerKey, ISSUER, ORDERS, AUDIENCE, inTenMinutes());
        assertThat(get("/warm", "Bearer " + token).statusCode()).isEqualTo(200);
        int fetches = jwksFetches.get();
        List<String> blocked = NettyBlockingDetector.install();

        for (int i = 0; i < 20; i++) {
            assertThat(get("/again", "Bearer " + token).statusCode()).isEqualTo(200);
        }

        assertThat(jwksFetches.get()).isEqualTo(fetches);
        assertThat(blocked).isEmpty();
    }

    @Test
    void unreachableIssuerKeys_get503_andNeverReachTheFunction(CapturedOutput output) throws Exception {
        String token = token(issuerKey, ISSUER, ORDERS, AUDIENCE, inTenMinutes());

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(keysUnreachable.uri("/orders"))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("X-Sigv4-Gateway-Error")).hasValue("token-keys-unavailable");
        assertThat(emulator.requests()).isEmpty();
        assertThat(output.getAll()).contains("the service-account issuer's keys cannot be fetched");
    }

    private static Instant inTenMinutes() {
        return Instant.now().plusSeconds(600);
    }

    /** A projected service-account token as the kubelet gets it from the API server. */
    static String token(RSAKey key, String issuer, String subject, String audience, Instant expiry)
            throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(expiry.minusSeconds(3600)))
                .notBeforeTime(Date.from(expiry.minusSeconds(3600)))
                .expirationTime(Date.from(expiry))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> get(String path, @Nullable String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
