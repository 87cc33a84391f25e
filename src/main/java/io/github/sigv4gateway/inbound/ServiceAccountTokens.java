package io.github.sigv4gateway.inbound;

import io.github.sigv4gateway.config.ServiceAccountTokensProperties;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Kubernetes service-account tokens presented as {@code Authorization: Bearer JWT}: checked with Spring Security's
 * reactive JWT decoder against the issuer's keys (its JWKS, fetched once and again only for an unknown key id),
 * then for the issuer, the audience, the time window (a minute of clock skew) and a service-account subject. The
 * subject ({@code system:serviceaccount:NAMESPACE:NAME}) is the client's identity.
 */
final class ServiceAccountTokens {

    private static final String BEARER = "bearer ";
    private static final String SUBJECT_PREFIX = "system:serviceaccount:";

    private final ReactiveJwtDecoder decoder;

    ServiceAccountTokens(ServiceAccountTokensProperties properties) {
        this(
                NimbusReactiveJwtDecoder.withJwkSetUri(Objects.requireNonNull(properties.getJwkSetUri()))
                        .build(),
                properties);
    }

    private ServiceAccountTokens(NimbusReactiveJwtDecoder decoder, ServiceAccountTokensProperties properties) {
        String audience = Objects.requireNonNull(properties.getAudience());
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(Objects.requireNonNull(properties.getIssuer())),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)),
                new JwtClaimValidator<String>(
                        JwtClaimNames.SUB, sub -> sub != null && sub.startsWith(SUBJECT_PREFIX))));
        this.decoder = decoder;
    }

    /**
     * The bearer token of the request when it looks like a JWT (three dot-separated parts), else {@code null}: an
     * API key in the same header is left to the API keys.
     */
    static @Nullable String presented(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (value == null
                || value.length() <= BEARER.length()
                || !value.substring(0, BEARER.length()).equalsIgnoreCase(BEARER)) {
            return null;
        }
        String token = value.substring(BEARER.length()).strip();
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return second > first + 1 && token.indexOf('.', second + 1) < 0 && token.length() > second + 1 ? token : null;
    }

    /**
     * The token's service account; empty when the token is not valid; an error only when the issuer's keys could
     * not be fetched (then no token can be checked).
     */
    Mono<String> subject(String token) {
        return decoder.decode(token)
                .map(jwt -> jwt.getSubject())
                .onErrorResume(BadJwtException.class, invalid -> Mono.empty());
    }
}
