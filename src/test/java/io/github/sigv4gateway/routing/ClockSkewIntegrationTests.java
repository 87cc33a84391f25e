package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.Scrape;
import io.github.sigv4gateway.testsupport.ScriptedUpstream;
import io.github.sigv4gateway.testsupport.ScriptedUpstream.Received;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A host whose clock is minutes off, against a function URL that refuses signatures more than five minutes from its
 * own time and dates its answers, as AWS does: the gateway adopts AWS's time from the first refusal, re-signs and
 * resends that request, signs every later one with the offset, and lets later answers bring the offset back.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClockSkewIntegrationTests {

    static final String KEY = "AKIDSKEWTEST";
    static final String SECRET = "skew/Secret+Key";

    private ScriptedUpstream upstream;
    private RunningGateway gateway;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        upstream = new ScriptedUpstream(
                new CredentialStore().add(KEY, SECRET, "arn:aws:iam::123456789012:user/skew"), Duration.ofMinutes(5));
        gateway = RunningGateway.signingFor(
                upstream.baseUri(), KEY, SECRET, "--sigv4-gateway.allowed-http-hosts=127.0.0.1");
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(gateway.uri("/orders"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double skewSeconds() {
        return Scrape.of(gateway)
                .samples("sigv4_gateway_clock_skew_seconds")
                .get(0)
                .value();
    }

    @Test
    void tenMinutesSkew_firstRequestIsResentWithAwsTime_andLaterOnesAreSignedRightAway(CapturedOutput output)
            throws Exception {
        upstream.clockOffset(Duration.ofMinutes(10));

        HttpResponse<String> first = post("{\"n\":1}");

        assertThat(first.statusCode()).isEqualTo(200);
        List<Received> attempts = upstream.received();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).verdict().reason()).contains("more than PT5M");
        assertThat(attempts.get(1).verdict().valid()).isTrue();
        assertThat(new String(attempts.get(1).body())).isEqualTo("{\"n\":1}");
        assertThat(skewSeconds()).isCloseTo(600, within(5.0));
        assertThat(output.getAll().lines().filter(l -> l.contains("WARN") && l.contains("Clock skew")))
                .hasSize(1);

        upstream.reset();
        upstream.clockOffset(Duration.ofMinutes(10));
        assertThat(post("{\"n\":2}").statusCode()).isEqualTo(200);
        assertThat(upstream.received()).as("signed with the offset at once").hasSize(1);
    }

    @Test
    void laterAnswers_bringTheOffsetBack_butNeverPushItAway() throws Exception {
        upstream.clockOffset(Duration.ofMinutes(10));
        assertThat(post("a").statusCode()).isEqualTo(200);

        upstream.clockOffset(Duration.ofMinutes(8));
        assertThat(post("b").statusCode()).isEqualTo(200);
        assertThat(skewSeconds()).as("an accepted answer dated nearer").isCloseTo(480, within(5.0));

        upstream.clockOffset(Duration.ofMinutes(12));
        assertThat(post("c").statusCode()).isEqualTo(200);
        assertThat(skewSeconds())
                .as("an accepted answer dated further away moves nothing")
                .isCloseTo(480, within(5.0));

        upstream.reset();
        assertThat(post("d").statusCode())
                .as("the host's clock was fixed: refused once, then resent")
                .isEqualTo(200);
        assertThat(upstream.received()).hasSize(2);
        assertThat(skewSeconds()).isCloseTo(0, within(5.0));
    }

    @Test
    void refusalWithoutSkew_passesThrough_andIsNotResent() throws Exception {
        RunningGateway wrongKey = RunningGateway.signingFor(
                upstream.baseUri(), KEY, "not-the-secret", "--sigv4-gateway.allowed-http-hosts=127.0.0.1");
        try (wrongKey) {
            HttpResponse<String> refused =
                    http.send(HttpRequest.newBuilder(wrongKey.uri("/x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).isEqualTo("{\"Message\":\"Forbidden\"}");
            assertThat(upstream.received()).hasSize(1);
        }
    }
}
