package io.github.sigv4gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
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

    /** API keys clients may present, by name, as SHA-256 hashes inline or in a file re-read when it changes. */
    @NestedConfigurationProperty
    private final ApiKeysProperties apiKeys = new ApiKeysProperties();

    /** Kubernetes service-account tokens clients may present, checked against the cluster's OIDC issuer. */
    @NestedConfigurationProperty
    private final ServiceAccountTokensProperties serviceAccountTokens = new ServiceAccountTokensProperties();

    /** Replacements of Netty, Reactor Netty and SCG defaults, each measured (bench/README.md) and switchable off. */
    private final Tuning tuning = new Tuning();

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

    public ApiKeysProperties getApiKeys() {
        return apiKeys;
    }

    public ServiceAccountTokensProperties getServiceAccountTokens() {
        return serviceAccountTokens;
    }

    public Server getServer() {
        return server;
    }

    public Tuning getTuning() {
        return tuning;
    }

    /**
     * What the gateway does instead of a Netty, Reactor Netty or Spring Cloud Gateway default, each on by default
     * because it measured better (bench/README.md), and each switchable off to compare or to rule it out. Event
     * loops and the buffer allocator are JVM settings read before the application starts
     * ({@code -Dreactor.netty.ioWorkerCount}, {@code -Dio.netty.allocator.type}).
     */
    public static class Tuning {

        /** Short answers of declared length leave in one write, head and body together. */
        private boolean singleWrite = true;

        /** One upstream connection pool per event loop (the elastic pool only) instead of one shared pool. */
        private boolean perLoopConnectionPools = true;

        /** SCG's hop-by-hop header filter without its copy of every header when there is nothing to remove. */
        private boolean copyFreeHopByHopFilter = true;

        /** Routes with a target skip SCG's route-to-URL step, whose URL their SigV4 filter replaces anyway. */
        private boolean fixedTargetUrls = true;

        public boolean isSingleWrite() {
            return singleWrite;
        }

        public void setSingleWrite(boolean singleWrite) {
            this.singleWrite = singleWrite;
        }

        public boolean isPerLoopConnectionPools() {
            return perLoopConnectionPools;
        }

        public void setPerLoopConnectionPools(boolean perLoopConnectionPools) {
            this.perLoopConnectionPools = perLoopConnectionPools;
        }

        public boolean isCopyFreeHopByHopFilter() {
            return copyFreeHopByHopFilter;
        }

        public void setCopyFreeHopByHopFilter(boolean copyFreeHopByHopFilter) {
            this.copyFreeHopByHopFilter = copyFreeHopByHopFilter;
        }

        public boolean isFixedTargetUrls() {
            return fixedTargetUrls;
        }

        public void setFixedTargetUrls(boolean fixedTargetUrls) {
            this.fixedTargetUrls = fixedTargetUrls;
        }
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

        /** HTTPS on the proxy port from PEM files, optionally with client certificates; off while unset. */
        @NestedConfigurationProperty
        private final TlsProperties tls = new TlsProperties();

        public TlsProperties getTls() {
            return tls;
        }

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
