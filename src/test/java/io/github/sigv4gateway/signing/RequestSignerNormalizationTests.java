package io.github.sigv4gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@link RequestSigner} hands the SDK the canonical path and switches the SDK's own path normalisation off (it
 * re-parses the whole URI per request). The signature must be exactly what the SDK computes, normalising itself,
 * for the path that goes on the wire, whatever its shape.
 */
class RequestSignerNormalizationTests {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private static final AwsCredentialsIdentity KEYS = AwsBasicCredentials.create("AKIDEXAMPLE", "secret/+key");
    private static final String HOST = "abc.lambda-url.us-east-1.on.aws";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/a/b",
                "//a//b//",
                "/a/./b/../c",
                "/foo/bar/.",
                "/foo/..",
                "/%2F//%2Fx/",
                "/caf%C3%A9/%E2%82%AC",
                "/a%20b/c+d",
                "/a:b@c!$&'()*,;=",
                "/~user/._-",
                "///",
                "/a/%2E%2E/b"
            })
    void signature_equalsTheSdkNormalisingThePathItself(String rawPath) {
        RequestTarget target = RequestTarget.of(rawPath, "b=2&a=1&a=0&empty=&bare");
        SignatureHeaders ours = new RequestSigner(CLOCK)
                .sign(new SigningInput(
                        "GET",
                        Endpoint.of("https", HOST, -1),
                        target,
                        Map.of(),
                        ContentStreamProvider.fromUtf8String(""),
                        new SigningScope("us-east-1", "lambda"),
                        KEYS));

        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(HOST)
                .encodedPath(target.encodedPath())
                .putHeader("Host", HOST);
        target.query().forEach(p -> request.appendRawQueryParameter(p.name(), p.value()));
        String reference = AwsV4HttpSigner.create()
                .sign(r -> r.identity(KEYS)
                        .request(request.build())
                        .payload(ContentStreamProvider.fromUtf8String(""))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, true)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, true)
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, CLOCK))
                .request()
                .firstMatchingHeader("Authorization")
                .orElseThrow();

        assertThat(ours.authorization())
                .as("path sent: " + target.encodedPath())
                .isEqualTo(reference);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/a/b|/a/b",
                "//a//b//|/a/b/",
                "///|/",
                "/x//|/x/",
                "/a/./b/../c|/a/c",
                "/a/b/..|/a",
                "/a/b/../|/a/",
                "/../a|/a",
                "/.|/",
                "/a/.b/..c|/a/.b/..c",
                "/|/"
            })
    void canonicalPath_isTheRfc3986NormalisedPath(String pair) {
        List<String> parts = List.of(pair.split("\\|"));
        assertThat(new RequestTarget(parts.get(0), List.of()).canonicalPath()).isEqualTo(parts.get(1));
    }
}
