package io.github.sigv4gateway.routing;

import io.github.sigv4gateway.credentials.CredentialsRegistry;
import io.github.sigv4gateway.observability.GatewayMeters;
import io.github.sigv4gateway.signing.PayloadBuffers;
import io.github.sigv4gateway.signing.RequestSigner;
import io.github.sigv4gateway.signing.SignatureHeaders;
import io.github.sigv4gateway.signing.SigningInput;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs one attempt of a request on a route: the client headers that travel, the current credentials, the hash of
 * the buffered body, and the request as it leaves with a view of the body of its own. Every attempt is signed
 * afresh, so a retry carries a new {@code x-amz-date} and, after a refresh, the new keys.
 */
final class RequestSigning {

    private final SigningRoute route;
    private final CredentialsRegistry credentials;
    private final RequestSigner signer;
    private final GatewayMeters meters;

    RequestSigning(SigningRoute route, CredentialsRegistry credentials, RequestSigner signer, GatewayMeters meters) {
        this.route = route;
        this.credentials = credentials;
        this.signer = signer;
        this.meters = meters;
    }

    /** Whether the route's credentials entry holds valid keys now. */
    boolean hasCredentials() {
        return credentials.current(route.credentials()).isPresent();
    }

    /** @throws GatewayException when the route's credentials entry holds no valid keys */
    SignedRequest sign(ServerWebExchange exchange, SigningRoute.Destination destination, ReplayableBody body) {
        AwsCredentialsIdentity identity =
                credentials.current(route.credentials()).orElseThrow(this::noCredentials);
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = ClientHeaderPolicy.of(request.getHeaders());
        long start = System.nanoTime();
        SignatureHeaders signature;
        try (DataBuffer.ByteBufferIterator views = body.bytes().readableByteBuffers()) {
            List<ByteBuffer> payload = new ArrayList<>(1);
            views.forEachRemaining(payload::add);
            signature = signer.sign(new SigningInput(
                    request.getMethod().name(),
                    destination.endpoint(),
                    destination.target(),
                    ClientHeaderPolicy.toSign(headers),
                    new PayloadBuffers(payload),
                    route.scope(),
                    identity));
        } finally {
            meters.signingTime(route.id(), System.nanoTime() - start);
        }
        return SignedRequest.of(
                request, destination, headers, signature, body.forAttempt(), BoundedBody.announced(request));
    }

    GatewayException noCredentials() {
        return new GatewayException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "no-credentials",
                "no valid credentials for entry '" + route.credentials() + "' used by route '" + route.id()
                        + "'; see the gateway log and /actuator/health/readiness");
    }
}
