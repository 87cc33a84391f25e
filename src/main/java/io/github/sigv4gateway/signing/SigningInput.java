package io.github.sigv4gateway.signing;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Everything SigV4 covers for one outgoing request.
 *
 * @param method HTTP method, upper case
 * @param endpoint scheme, host and port, and the exact {@code Host} value sent upstream
 * @param target normalised path and query, exactly as sent
 * @param signedHeaders extra end-to-end headers to sign (e.g. client {@code x-amz-*}), lower-case names
 * @param payload the exact body bytes sent
 * @param scope region and signing name
 * @param credentials the identity to sign with
 */
public record SigningInput(
        String method,
        Endpoint endpoint,
        RequestTarget target,
        Map<String, List<String>> signedHeaders,
        ContentStreamProvider payload,
        SigningScope scope,
        AwsCredentialsIdentity credentials) {}
