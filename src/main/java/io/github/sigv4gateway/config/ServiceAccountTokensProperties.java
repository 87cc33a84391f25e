package io.github.sigv4gateway.config;

import org.jspecify.annotations.Nullable;

/**
 * Kubernetes service-account tokens a client may present, under {@code sigv4-gateway.service-account-tokens}:
 * projected, audience-bound tokens (JWTs) checked against the cluster's OIDC issuer, whose keys are fetched from its
 * JWKS and cached. A route lets a service account in when its {@code allow} list names it
 * ({@code system:serviceaccount:NAMESPACE:NAME}).
 */
public class ServiceAccountTokensProperties {

    /** The issuer the tokens must name (iss), e.g. the cluster's service-account issuer URL. */
    private @Nullable String issuer;

    /** Where the issuer's signing keys are (JWKS), e.g. ISSUER/openid/v1/jwks or an EKS issuer's /keys. */
    private @Nullable String jwkSetUri;

    /** The audience the tokens must be bound to (aud), as the client's projected volume requests it. */
    private @Nullable String audience;

    /** Whether any of these keys is set (not a property: no is- prefix, so it binds to nothing). */
    public boolean configured() {
        return issuer != null || jwkSetUri != null || audience != null;
    }

    public @Nullable String getIssuer() {
        return issuer;
    }

    public void setIssuer(@Nullable String issuer) {
        this.issuer = issuer;
    }

    public @Nullable String getJwkSetUri() {
        return jwkSetUri;
    }

    public void setJwkSetUri(@Nullable String jwkSetUri) {
        this.jwkSetUri = jwkSetUri;
    }

    public @Nullable String getAudience() {
        return audience;
    }

    public void setAudience(@Nullable String audience) {
        this.audience = audience;
    }
}
