package io.github.sigv4gateway.signing;

import java.net.URI;

/**
 * Where a signed request goes: scheme, host and port, and the {@code Host} header they make, worked out once (at
 * startup for a route with a fixed target) so that nothing on the request path parses a host string again.
 *
 * @param scheme {@code https} or {@code http}
 * @param host host name or address; an IPv6 literal in brackets
 * @param port the port when it is not the scheme's default, else {@code -1}
 * @param hostHeader the exact {@code Host} value: the host, plus {@code :port} when not the default
 */
public record Endpoint(String scheme, String host, int port, String hostHeader) {

    /** The endpoint of {@code uri}'s scheme, host and port. */
    public static Endpoint of(URI uri) {
        return of(uri.getScheme(), uri.getHost(), uri.getPort());
    }

    /** {@code port} is -1, or the scheme's default, for none in the {@code Host} header. */
    public static Endpoint of(String scheme, String host, int port) {
        boolean defaultPort = port < 0
                || ("https".equalsIgnoreCase(scheme) && port == 443)
                || ("http".equalsIgnoreCase(scheme) && port == 80);
        return defaultPort ? new Endpoint(scheme, host, -1, host) : new Endpoint(scheme, host, port, host + ":" + port);
    }

    /** The URI of {@code target} on this endpoint, spelled exactly as it is signed. */
    public URI uri(RequestTarget target) {
        return URI.create(scheme + "://" + hostHeader + target.pathAndQuery());
    }
}
