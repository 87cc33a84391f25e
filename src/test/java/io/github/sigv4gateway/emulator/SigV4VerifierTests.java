package io.github.sigv4gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.signing.AwsSigV4TestSuite;
import io.github.sigv4gateway.signing.AwsSigV4TestSuite.Case;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The emulator's verifier against the official AWS SigV4 test suite: every normalised case's signed request is
 * accepted, and the canonical request and string to sign it computes are the suite's, byte for byte; tampered
 * copies are refused.
 */
class SigV4VerifierTests {

    static Stream<Case> suite() {
        return AwsSigV4TestSuite.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suite")
    void suiteSignedRequest_isAccepted_withTheSuitesCanonicalForms(Case c) {
        Assumptions.assumeTrue(
                c.normalize(), c.name() + ": normalize=false is S3 semantics, which function URLs" + " do not use");
        SignedRequest request = SignedRequest.parse(c.signedRequest(), c.body());

        SigV4Verifier.Result result = verifier(c).verify(request.method, request.target, request.headers, c.body());

        assertThat(result.reason()).isNull();
        assertThat(result.valid()).isTrue();
        assertThat(result.canonicalRequest()).isEqualTo(c.canonicalRequest());
        assertThat(result.stringToSign()).isEqualTo(c.stringToSign());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suite")
    void tamperedRequest_isRefused(Case c) {
        Assumptions.assumeTrue(c.normalize(), c.name() + ": normalize=false is S3 semantics");
        SignedRequest request = SignedRequest.parse(c.signedRequest(), c.body());
        String otherPath = request.target.startsWith("/x") ? "/y" + request.target : "/x" + request.target;

        assertThat(verifier(c)
                        .verify(request.method, otherPath, request.headers, c.body())
                        .valid())
                .isFalse();
        assertThat(verifier(c)
                        .verify("PATCH", request.target, request.headers, c.body())
                        .valid())
                .isFalse();
        List<Map.Entry<String, String>> badSignature = new ArrayList<>();
        for (Map.Entry<String, String> h : request.headers) {
            String value = h.getKey().equalsIgnoreCase("authorization")
                    ? h.getValue().substring(0, h.getValue().length() - 1)
                            + (h.getValue().endsWith("0") ? "1" : "0")
                    : h.getValue();
            badSignature.add(Map.entry(h.getKey(), value));
        }
        SigV4Verifier.Result result = verifier(c).verify(request.method, request.target, badSignature, c.body());
        assertThat(result.valid()).isFalse();
        assertThat(result.reason()).isEqualTo("signature mismatch");
    }

    @Test
    void requestOutsideTheAllowedClockSkew_isRefused() {
        Case c = AwsSigV4TestSuite.cases()
                .filter(x -> x.name().equals("get-vanilla"))
                .findFirst()
                .orElseThrow();
        SignedRequest request = SignedRequest.parse(c.signedRequest(), c.body());
        CredentialStore keys = new CredentialStore().add(c.accessKeyId(), c.secretAccessKey(), "arn:aws:iam::1:user/u");
        SigV4Verifier late = new SigV4Verifier(
                c.region(),
                c.service(),
                keys,
                Clock.fixed(c.timestamp().plus(Duration.ofMinutes(10)), ZoneOffset.UTC),
                Duration.ofMinutes(5));
        assertThat(late.verify(request.method, request.target, request.headers, c.body())
                        .reason())
                .contains("is more than PT5M");
    }

    private static SigV4Verifier verifier(Case c) {
        CredentialStore keys = new CredentialStore();
        if (c.token() != null) {
            keys.addTemporary(c.accessKeyId(), c.secretAccessKey(), c.token(), "arn:aws:iam::123456789012:user/suite");
        } else {
            keys.add(c.accessKeyId(), c.secretAccessKey(), "arn:aws:iam::123456789012:user/suite");
        }
        return new SigV4Verifier(
                c.region(), c.service(), keys, Clock.fixed(c.timestamp(), ZoneOffset.UTC), Duration.ofMinutes(5));
    }

    /** A suite signed request as the emulator would receive it. */
    private record SignedRequest(String method, String target, List<Map.Entry<String, String>> headers) {

        static SignedRequest parse(String text, byte[] body) {
            int split = text.indexOf("\n\n");
            String head = split < 0 ? text : text.substring(0, split);
            String[] lines = head.split("\n");
            String method = lines[0].substring(0, lines[0].indexOf(' '));
            String target = lines[0].substring(method.length() + 1, lines[0].lastIndexOf(" HTTP/1.1"));
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
                    Map.Entry<String, String> last = headers.removeLast();
                    headers.add(Map.entry(last.getKey(), last.getValue() + " " + line.trim()));
                } else if (!line.isEmpty()) {
                    int colon = line.indexOf(':');
                    headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1)));
                }
            }
            // The request line carries raw bytes; the decoder hands them over one char per byte.
            String latin1Target = new String(target.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            return new SignedRequest(method, latin1Target, headers);
        }
    }
}
