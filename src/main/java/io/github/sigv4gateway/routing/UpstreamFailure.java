package io.github.sigv4gateway.routing;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import reactor.netty.http.client.PrematureCloseException;

/**
 * The ways a request can fail on its way to the function before any answer byte arrived, each with its own reason
 * so that an operator tells them apart, and whether sending it again is safe.
 */
enum UpstreamFailure {
    /** Nothing listens at the target's address: the request never left. */
    REFUSED(HttpStatus.BAD_GATEWAY, "upstream-refused", "the target refused the connection", true),
    /** No connection within connect-timeout: the request never left. */
    CONNECT_TIMEOUT(
            HttpStatus.GATEWAY_TIMEOUT, "upstream-connect-timeout", "no connection within connect-timeout", true),
    /** The target's host name does not resolve. */
    UNRESOLVED(HttpStatus.BAD_GATEWAY, "upstream-unresolved", "the target's host name does not resolve", false),
    /** The target's certificate is not trusted or not issued for its host name. */
    TLS_CERTIFICATE(
            HttpStatus.BAD_GATEWAY,
            "upstream-tls-certificate",
            "the target's TLS certificate is not trusted or does not match its host name",
            false),
    /** The TLS handshake failed otherwise (no TLS there, no common protocol, a timeout). */
    TLS_HANDSHAKE(HttpStatus.BAD_GATEWAY, "upstream-tls-handshake", "the TLS handshake with the target failed", false),
    /** The connection closed or was reset before any answer byte: the function may have run. */
    RESET(HttpStatus.BAD_GATEWAY, "upstream-reset", "the target closed the connection before answering", false),
    /** The answer broke off before its end, before the gateway had started to pass it on. */
    TRUNCATED(HttpStatus.BAD_GATEWAY, "upstream-truncated", "the target's answer broke off before its end", false);

    private final HttpStatus status;
    private final String reason;
    private final String message;
    private final boolean requestNeverLeft;

    UpstreamFailure(HttpStatus status, String reason, String message, boolean requestNeverLeft) {
        this.status = status;
        this.reason = reason;
        this.message = message;
        this.requestNeverLeft = requestNeverLeft;
    }

    String reason() {
        return reason;
    }

    /** Whether the request cannot have reached the function, so that any method may be sent again. */
    boolean requestNeverLeft() {
        return requestNeverLeft;
    }

    /** Whether sending the request again may help: not when a name or a certificate is wrong. */
    boolean transientFailure() {
        return this == REFUSED || this == CONNECT_TIMEOUT || this == RESET;
    }

    GatewayException answer(String on) {
        return new GatewayException(status, reason, message + on);
    }

    /** The failure {@code failure} stands for, before any answer byte; null when it is not one of these. */
    static @Nullable UpstreamFailure of(Throwable failure) {
        return of(failure, false);
    }

    /**
     * The failure {@code failure} stands for, or null when it is not one of these; a closed connection after the
     * answer started ({@code answerStarted}) is a truncated answer.
     */
    static @Nullable UpstreamFailure of(Throwable failure, boolean answerStarted) {
        UpstreamFailure kind = classify(failure);
        return kind == RESET && answerStarted ? TRUNCATED : kind;
    }

    private static @Nullable UpstreamFailure classify(Throwable failure) {
        // TLS first: Netty wraps handshake failures in a DecoderException, and a certificate problem in a handshake
        // one.
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                // Netty's SslHandshakeTimeoutException is one too.
                return certificateProblem(t) ? TLS_CERTIFICATE : TLS_HANDSHAKE;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectTimeoutException) {
                return CONNECT_TIMEOUT;
            }
            if (t instanceof ConnectException) {
                return REFUSED;
            }
            if (t instanceof UnknownHostException) {
                return UNRESOLVED;
            }
            if (t instanceof PrematureCloseException || t instanceof ClosedChannelException || isConnectionReset(t)) {
                return RESET;
            }
        }
        return null;
    }

    private static boolean certificateProblem(Throwable ssl) {
        for (Throwable t = ssl; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GeneralSecurityException) {
                // CertificateException (no name match), CertPathValidatorException, CertPathBuilderException
                return true;
            }
        }
        String message = String.valueOf(ssl.getMessage());
        return ssl instanceof SSLHandshakeException
                && (message.contains("certificate") || message.contains("subject alternative"));
    }

    private static boolean isConnectionReset(Throwable t) {
        return t instanceof IOException
                && t.getMessage() != null
                && (t.getMessage().contains("Connection reset")
                        || t.getMessage().contains("Broken pipe"));
    }
}
