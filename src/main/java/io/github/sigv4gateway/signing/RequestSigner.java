package io.github.sigv4gateway.signing;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs one request with the AWS SDK's {@link AwsV4HttpSigner}: header auth, payload signed (Lambda function URLs
 * reject unsigned payloads), double URL-encoding as for every non-S3 service. The path handed over is already
 * the normalised canonical path ({@link RequestTarget#canonicalPath()}), so the SDK's own normalisation, which
 * re-parses the whole request URI with {@code java.net.URI} (a quarter of the signing time), is switched off.
 *
 * <p>The SDK request is built from the already-normalised {@link RequestTarget} with
 * {@link SdkHttpRequest.Builder#encodedPath} and decoded query parameters, never from a {@code java.net.URI},
 * which would turn {@code +} into a space and lose text after a second {@code =}. Only {@code host} and the
 * given headers are signed, so headers added later on the way out (user-agent, forwarding headers) cannot break
 * the signature. Thread-safe and allocation-light: one instance serves all requests.
 */
public final class RequestSigner {

    private static final Map<String, SdkHttpMethod> METHODS = Arrays.stream(SdkHttpMethod.values())
            .collect(Collectors.toUnmodifiableMap(SdkHttpMethod::name, method -> method));

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Clock clock;

    public RequestSigner(Clock clock) {
        this.clock = clock;
    }

    /** Signs {@code input} and returns the headers to add. */
    public SignatureHeaders sign(SigningInput input) {
        Endpoint endpoint = input.endpoint();
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(sdkMethod(input.method()))
                .protocol(endpoint.scheme())
                .host(endpoint.host())
                .encodedPath(input.target().canonicalPath())
                .putHeader("Host", endpoint.hostHeader());
        if (endpoint.port() > 0) {
            request.port(endpoint.port());
        }
        for (QueryParameter parameter : input.target().query()) {
            request.appendRawQueryParameter(parameter.name(), parameter.value());
        }
        for (Map.Entry<String, List<String>> header : input.signedHeaders().entrySet()) {
            request.putHeader(header.getKey(), header.getValue());
        }

        SignedRequest signed = signer.sign(r -> r.identity(input.credentials())
                .request(request.build())
                .payload(input.payload())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, input.scope().service())
                .putProperty(AwsV4HttpSigner.REGION_NAME, input.scope().region())
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, true)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));

        SdkHttpRequest out = signed.request();
        return new SignatureHeaders(
                required(out, SignatureHeaders.AUTHORIZATION),
                required(out, SignatureHeaders.X_AMZ_DATE),
                required(out, SignatureHeaders.X_AMZ_CONTENT_SHA256),
                out.firstMatchingHeader(SignatureHeaders.X_AMZ_SECURITY_TOKEN).orElse(null));
    }

    /**
     * The SDK's constant for a method name, from a map: {@link SdkHttpMethod#fromValue} streams over all constants
     * on every call. Names it does not know exactly go to it as before.
     */
    static SdkHttpMethod sdkMethod(String name) {
        SdkHttpMethod method = METHODS.get(name);
        return method != null ? method : SdkHttpMethod.fromValue(name);
    }

    private static String required(SdkHttpRequest request, String header) {
        return request.firstMatchingHeader(header)
                .orElseThrow(() -> new IllegalStateException("signer did not set " + header));
    }
}
