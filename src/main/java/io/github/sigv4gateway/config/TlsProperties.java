package io.github.sigv4gateway.config;

import org.jspecify.annotations.Nullable;

/**
 * HTTPS on the proxy port, under {@code sigv4-gateway.server.tls}: PEM files turned into a Spring Boot SSL bundle
 * that is reloaded when the files change (as cert-manager renews them), TLS 1.2 and 1.3 only, and optionally client
 * certificates signed by a given CA. Off (plain HTTP, the sidecar's case) while {@code certificate} is unset.
 */
public class TlsProperties {

    /** PEM file of the proxy port's certificate chain; setting it turns HTTPS on. */
    private @Nullable String certificate;

    /** PEM file of the certificate's private key (PKCS#8, or the traditional EC/RSA forms). */
    private @Nullable String privateKey;

    /** PEM file of the CA certificates that sign the clients' certificates; enables client certificates. */
    private @Nullable String clientCa;

    /** Whether a client certificate is required (need) or only asked for (want); need when client-ca is set. */
    private @Nullable ClientAuth clientAuth;

    /** Whether a client certificate is required or only asked for. */
    public enum ClientAuth {
        /** A client without a certificate signed by client-ca fails the handshake. */
        NEED,
        /** A certificate is asked for; a client without one connects, and routes that allow clients refuse it. */
        WANT
    }

    /** Whether HTTPS is on (not a property: no is- prefix, so it binds to nothing). */
    public boolean enabled() {
        return certificate != null && !certificate.isBlank();
    }

    /** The client-auth in force: none without a client CA, else the configured one, need by default. */
    public @Nullable ClientAuth effectiveClientAuth() {
        if (clientCa == null || clientCa.isBlank()) {
            return null;
        }
        return clientAuth == null ? ClientAuth.NEED : clientAuth;
    }

    public @Nullable String getCertificate() {
        return certificate;
    }

    public void setCertificate(@Nullable String certificate) {
        this.certificate = certificate;
    }

    public @Nullable String getPrivateKey() {
        return privateKey;
    }

    public void setPrivateKey(@Nullable String privateKey) {
        this.privateKey = privateKey;
    }

    public @Nullable String getClientCa() {
        return clientCa;
    }

    public void setClientCa(@Nullable String clientCa) {
        this.clientCa = clientCa;
    }

    public @Nullable ClientAuth getClientAuth() {
        return clientAuth;
    }

    public void setClientAuth(@Nullable ClientAuth clientAuth) {
        this.clientAuth = clientAuth;
    }
}
