package io.github.sigv4gateway.signing;

import org.jspecify.annotations.Nullable;

/**
 * The headers a signature adds to the outgoing request. {@link #toString()} never shows their values.
 *
 * @param authorization {@code Authorization} value
 * @param amzDate {@code X-Amz-Date} value
 * @param contentSha256 {@code X-Amz-Content-Sha256} value: hex SHA-256 of the body
 * @param securityToken {@code X-Amz-Security-Token} value for temporary credentials, else {@code null}
 */
public record SignatureHeaders(
        String authorization,
        String amzDate,
        String contentSha256,
        @Nullable String securityToken) {

    public static final String AUTHORIZATION = "Authorization";
    public static final String X_AMZ_DATE = "X-Amz-Date";
    public static final String X_AMZ_CONTENT_SHA256 = "X-Amz-Content-Sha256";
    public static final String X_AMZ_SECURITY_TOKEN = "X-Amz-Security-Token";

    @Override
    public String toString() {
        return "SignatureHeaders[amzDate=" + amzDate + ", temporary=" + (securityToken != null) + "]";
    }
}
