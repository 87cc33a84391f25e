package io.github.sigv4gateway.routing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;

/**
 * Which client headers travel on. Dropped: hop-by-hop headers (RFC 9110 7.6.1, including any named in
 * {@code Connection}), {@code Host} (only the route's target is ever called) and the client's own SigV4 headers,
 * which the gateway replaces. Client {@code x-amz-*} headers that remain are signed too.
 */
final class ClientHeaderPolicy {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "proxy-authorization",
            "proxy-authenticate",
            "expect");
    private static final Set<String> REPLACED = Set.of(
            "host", "content-length", "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256");

    private ClientHeaderPolicy() {}

    /** The headers to send, before the signature is added. */
    static HttpHeaders of(HttpHeaders client) {
        Set<String> named = namedInConnection(client);
        HttpHeaders out = new HttpHeaders();
        // forEach, not headerSet(): a server request's read-only headers copy every entry into a new set through a
        // stream for headerSet().
        client.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !REPLACED.contains(lower) && !named.contains(lower)) {
                out.addAll(name, values);
            }
        });
        return out;
    }

    /** The {@code x-amz-*} headers among {@code forwarded}, lower-case, to be signed. */
    static Map<String, List<String>> toSign(HttpHeaders forwarded) {
        Map<String, List<String>> signed = new TreeMap<>();
        for (Map.Entry<String, List<String>> header : forwarded.headerSet()) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-")) {
                signed.computeIfAbsent(lower, k -> new java.util.ArrayList<>()).addAll(header.getValue());
            }
        }
        return signed;
    }

    private static Set<String> namedInConnection(HttpHeaders client) {
        List<String> connection = client.get(HttpHeaders.CONNECTION);
        if (connection == null || connection.isEmpty()) {
            return Set.of();
        }
        java.util.HashSet<String> named = new java.util.HashSet<>();
        for (String value : connection) {
            for (String token : value.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        return named;
    }
}
