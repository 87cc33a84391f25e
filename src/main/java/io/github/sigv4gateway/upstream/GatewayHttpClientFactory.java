package io.github.sigv4gateway.upstream;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientConfig;
import reactor.netty.resources.ConnectionProvider;

/**
 * SCG's own client factory, from SCG's {@code httpclient} properties, with two changes to its connections: a request
 * sent again after its connection broke gets a connection of its own ({@link FreshConnectionOnRetry}), and, unless
 * switched off, the default elastic pool is split per event loop ({@link EventLoopLocalConnectionProvider}). A
 * fixed pool stays one pool for all loops, so that its {@code max-connections} and pending-acquire queue remain one
 * limit; a disabled pool stays disabled.
 */
public final class GatewayHttpClientFactory extends HttpClientFactory {

    private final boolean perLoopPools;
    private volatile @Nullable FreshConnectionOnRetry connectionProvider;

    public GatewayHttpClientFactory(
            HttpClientProperties properties,
            ServerProperties serverProperties,
            HttpClientSslConfigurer sslConfigurer,
            List<HttpClientCustomizer> customizers,
            boolean perLoopPools) {
        super(properties, serverProperties, sslConfigurer, customizers);
        this.perLoopPools = perLoopPools;
    }

    /**
     * Asks for the client's colocated loops once, before the server takes requests. They learn which loop each
     * event-loop thread is from tasks queued on every loop when they are first asked for, and a loop that opens
     * a connection before its task ran gets some other loop's, for good. Left to the first requests, that
     * happened: a gateway instrumented for it counted hundreds of cross-loop acquires in 15 s of load from a
     * burst of 32 new connections, and none once the loops were asked for here.
     */
    @Override
    protected HttpClient createInstance() {
        HttpClient client = super.createInstance();
        HttpClientConfig config = client.configuration();
        config.loopResources().onClient(config.isPreferNative());
        return client;
    }

    @Override
    protected ConnectionProvider buildConnectionProvider(HttpClientProperties properties) {
        ConnectionProvider configured = super.buildConnectionProvider(properties);
        boolean elastic = properties.getPool().getType() == HttpClientProperties.Pool.PoolType.ELASTIC;
        ConnectionProvider pooled = perLoopPools && elastic && configured.mutate() != null
                ? new EventLoopLocalConnectionProvider(configured)
                : configured;
        FreshConnectionOnRetry built = new FreshConnectionOnRetry(pooled);
        connectionProvider = built;
        return built;
    }

    /** The provider of the client built last; null before it is built. */
    public @Nullable FreshConnectionOnRetry connectionProvider() {
        return connectionProvider;
    }
}
