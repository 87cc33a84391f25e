package io.github.sigv4gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration under {@code sigv4-gateway}. The inherited route keys, when {@code target} is set, define one
 * route (id {@code default}, path {@code /**}) signed with the credentials entry {@code default};
 * {@link #getRoutes() routes} define more, matched first.
 */
@ConfigurationProperties(GatewayProperties.PREFIX)
public class GatewayProperties extends RouteSettings {

    public static final String PREFIX = "sigv4-gateway";

    /** The key of {@link Server#getMaxBufferedBodyMemory()}, for messages that name it. */
    public static final String MAX_BUFFERED_BODY_MEMORY = PREFIX + ".server.max-buffered-body-memory";

    /** Further routes, matched in order before the top-level route. */
    private List<RouteProperties> routes = new ArrayList<>();

    /** Named credentials entries; an absent "default" entry means the SDK default provider chain. */
    private Map<String, CredentialsProperties> credentials = new LinkedHashMap<>();

    /**
     * Hosts, besides loopback addresses, that routes may call over plain http:// (a local emulator such as
     * LocalStack); any other http:// target is refused, as signed requests would cross the network in clear.
     */
    private List<String> allowedHttpHosts = new ArrayList<>();

    /** Protections of the proxy port against slow or hostile clients. */
    private final Server server = new Server();

    public List<RouteProperties> getRoutes() {
        return routes;
    }

    public void setRoutes(List<RouteProperties> routes) {
        this.routes = routes;
    }

    public Map<String, CredentialsProperties> getCredentials() {
        return credentials;
    }

    public void setCredentials(Map<String, CredentialsProperties> credentials) {
        this.credentials = credentials;
    }

    public List<String> getAllowedHttpHosts() {
        return allowedHttpHosts;
    }

    public void setAllowedHttpHosts(List<String> allowedHttpHosts) {
        this.allowedHttpHosts = allowedHttpHosts;
    }

    public Server getServer() {
        return server;
    }

    /** Proxy-port protections. */
    public static class Server {

        /** Time a client has to send a complete request head; a client trickling its headers is dropped. */
        private Duration headerReadTimeout = Duration.ofSeconds(10);

        /**
         * Request bodies all routes together may hold in memory at once (each is buffered to be hashed); a body
         * that would pass it gets 503. Unset: half of the direct memory Netty may use, and at least the largest
         * route's max-body-size.
         */
        private @Nullable DataSize maxBufferedBodyMemory;

        public Duration getHeaderReadTimeout() {
            return headerReadTimeout;
        }

        public void setHeaderReadTimeout(Duration headerReadTimeout) {
            this.headerReadTimeout = headerReadTimeout;
        }

        public @Nullable DataSize getMaxBufferedBodyMemory() {
            return maxBufferedBodyMemory;
        }

        public void setMaxBufferedBodyMemory(@Nullable DataSize maxBufferedBodyMemory) {
            this.maxBufferedBodyMemory = maxBufferedBodyMemory;
        }
    }
}
