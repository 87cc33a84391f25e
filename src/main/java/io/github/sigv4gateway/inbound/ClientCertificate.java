package io.github.sigv4gateway.inbound;

import io.github.sigv4gateway.config.AllowedClient;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;

/**
 * The client certificate of a request, as the TLS handshake verified it against the client CA, and the names it
 * carries: subject DN, DNS and URI subject alternative names (a SPIFFE ID is a URI SAN).
 */
final class ClientCertificate {

    private static final int DNS_NAME = 2;
    private static final int URI_NAME = 6;

    private ClientCertificate() {}

    /** The verified client certificate, or {@code null} when the request came without one (or over plain HTTP). */
    static @Nullable X509Certificate of(ServerHttpRequest request) {
        SslInfo ssl = request.getSslInfo();
        X509Certificate[] peer = ssl == null ? null : ssl.getPeerCertificates();
        return peer == null || peer.length == 0 ? null : peer[0];
    }

    /** Whether {@code certificate} is the one {@code entry} names. */
    static boolean matches(AllowedClient entry, X509Certificate certificate) {
        return switch (entry.kind()) {
            case CERTIFICATE -> true;
            case SUBJECT -> certificate.getSubjectX500Principal().equals(entry.subject());
            case DNS -> alternativeNames(certificate, DNS_NAME).stream().anyMatch(entry.value()::equalsIgnoreCase);
            case URI -> alternativeNames(certificate, URI_NAME).contains(entry.value());
            case KEY, SERVICE_ACCOUNT -> false;
        };
    }

    /** Who the certificate names, for the access log: its first URI SAN, else its first DNS SAN, else its subject. */
    static String identity(X509Certificate certificate) {
        List<String> uris = alternativeNames(certificate, URI_NAME);
        if (!uris.isEmpty()) {
            return uris.getFirst();
        }
        List<String> names = alternativeNames(certificate, DNS_NAME);
        return names.isEmpty()
                ? certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)
                : names.getFirst();
    }

    private static List<String> alternativeNames(X509Certificate certificate, int type) {
        Collection<List<?>> all;
        try {
            all = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (all == null) {
            return List.of();
        }
        return all.stream()
                .filter(name -> name.size() == 2 && name.get(0) instanceof Integer kind && kind == type)
                .map(name -> String.valueOf(name.get(1)))
                .toList();
    }
}
