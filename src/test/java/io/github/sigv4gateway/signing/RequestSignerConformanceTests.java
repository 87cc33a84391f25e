package io.github.sigv4gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.signing.AwsSigV4TestSuite.Case;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The signing core against the official AWS SigV4 test suite, with the suite's clock, keys, region and service.
 * Given the suite's request as-is (every suite header signed), our signature must equal the suite's where the
 * signed-header choice matches (payload-signed cases), and otherwise equal the signature recomputed from the
 * specification over the suite's canonical request plus the headers the gateway always signs
 * ({@code x-amz-content-sha256}; {@code x-amz-security-token}). Skipped, each with its reason: the
 * {@code normalize:false} cases (S3 semantics) and {@code get-space-normalized} (a raw space on the request line).
 */
class RequestSignerConformanceTests {

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    static Stream<Case> suite() {
        return AwsSigV4TestSuite.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suite")
    void signature_matchesTheSuite(Case c) {
        Assumptions.assumeTrue(
                c.normalize(),
                c.name() + ": normalize=false is S3's unnormalised path semantics;"
                        + " function URLs and API Gateway normalise paths");
        Assumptions.assumeFalse(
                c.rawTarget().contains(" "),
                c.name() + ": a raw space in the request target is not"
                        + " valid HTTP/1.1 and cannot reach the gateway (it answers 400, see RequestHeadGuardIntegrationTests)");

        SignatureHeaders ours = sign(c);

        String amzDate = AMZ_DATE.format(c.timestamp());
        String date = amzDate.substring(0, 8);
        assertThat(ours.amzDate()).isEqualTo(amzDate);
        assertThat(ours.contentSha256()).isEqualTo(SigV4Reference.sha256Hex(c.body()));
        List<String> extra = new ArrayList<>();
        extra.add("x-amz-content-sha256:" + ours.contentSha256());
        if (c.token() != null) {
            extra.add("x-amz-security-token:" + c.token());
            assertThat(ours.securityToken()).isEqualTo(c.token());
        }
        String canonical = SigV4Reference.withHeaders(c.canonicalRequest(), extra);
        String scope = date + "/" + c.region() + "/" + c.service() + "/aws4_request";
        String expectedSignature = SigV4Reference.signature(
                c.secretAccessKey(),
                date,
                c.region(),
                c.service(),
                SigV4Reference.stringToSign(amzDate, scope, canonical));
        String signedHeaders = canonical.split("\n")[canonical.split("\n").length - 2];

        assertThat(ours.authorization())
                .isEqualTo("AWS4-HMAC-SHA256 Credential=" + c.accessKeyId() + "/" + scope + ", SignedHeaders="
                        + signedHeaders + ", Signature=" + expectedSignature);
        if (c.signBody() && c.token() == null) {
            assertThat(ours.authorization())
                    .as("identical to the suite's own signed request")
                    .isEqualTo(c.authorization());
        }
    }

    private static SignatureHeaders sign(Case c) {
        Map<String, List<String>> toSign = new TreeMap<>();
        AwsSigV4TestSuite.headerMap(c.headers()).forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("host")) {
                toSign.put(lower, values);
            }
        });
        List<QueryParameter> query = c.rawQuery() == null
                ? List.of()
                : RequestTarget.of("/", c.rawQuery()).query();
        AwsCredentialsIdentity credentials = c.token() == null
                ? AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())
                : AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.token());
        RequestSigner signer = new RequestSigner(Clock.fixed(c.timestamp(), ZoneOffset.UTC));
        // The suite's path as written: the signer encodes it once, as AWS does with what it receives.
        return signer.sign(new SigningInput(
                c.method(),
                Endpoint.of("https", c.header("Host"), -1),
                new RequestTarget(c.rawPath(), query),
                toSign,
                ContentStreamProvider.fromByteArray(c.body()),
                new SigningScope(c.region(), c.service()),
                credentials));
    }
}
