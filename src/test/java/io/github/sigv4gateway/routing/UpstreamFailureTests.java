package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;

class UpstreamFailureTests {

    @Test
    void eachFailure_hasItsOwnReason() {
        assertThat(UpstreamFailure.of(new ConnectException("Connection refused")))
                .isEqualTo(UpstreamFailure.REFUSED);
        assertThat(UpstreamFailure.of(new ConnectTimeoutException("connection timed out")))
                .isEqualTo(UpstreamFailure.CONNECT_TIMEOUT);
        assertThat(UpstreamFailure.of(new RuntimeException(new UnknownHostException("nowhere.invalid"))))
                .isEqualTo(UpstreamFailure.UNRESOLVED);
        assertThat(UpstreamFailure.of(PrematureCloseException.TEST_EXCEPTION)).isEqualTo(UpstreamFailure.RESET);
        assertThat(UpstreamFailure.of(new IOException("Connection reset by peer")))
                .isEqualTo(UpstreamFailure.RESET);
        assertThat(UpstreamFailure.of(new IllegalStateException("something else")))
                .isNull();
    }

    @Test
    void tlsFailures_areToldApart_evenWrappedInADecoderException() {
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new CertificateException("unable to find valid certification path"));
        assertThat(UpstreamFailure.of(new DecoderException(untrusted))).isEqualTo(UpstreamFailure.TLS_CERTIFICATE);
        assertThat(UpstreamFailure.of(new DecoderException(new SSLHandshakeException("Remote host terminated"))))
                .isEqualTo(UpstreamFailure.TLS_HANDSHAKE);
        assertThat(UpstreamFailure.of(new SslHandshakeTimeoutException("handshake timed out after 10000ms")))
                .isEqualTo(UpstreamFailure.TLS_HANDSHAKE);
    }

    @Test
    void onlyConnectionFailures_areWorthSendingAgain_andOnlyConnectFailuresForEveryMethod() {
        assertThat(UpstreamFailure.REFUSED.transientFailure()).isTrue();
        assertThat(UpstreamFailure.REFUSED.requestNeverLeft()).isTrue();
        assertThat(UpstreamFailure.RESET.transientFailure()).isTrue();
        assertThat(UpstreamFailure.RESET.requestNeverLeft()).isFalse();
        assertThat(UpstreamFailure.UNRESOLVED.transientFailure()).isFalse();
        assertThat(UpstreamFailure.TLS_CERTIFICATE.transientFailure()).isFalse();
    }
}
