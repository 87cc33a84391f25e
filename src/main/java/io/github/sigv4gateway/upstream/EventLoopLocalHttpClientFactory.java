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
 * SCG's own client factory, from SCG's {@code httpclient} properties, with the default elastic pool split per
 * event loop ({@link EventLoopLocalConnectionProvider}). A fixed pool stays one pool for all loops, so that its
 * {@code max-connections} and pending-acquire queue remain one limit; a disabled pool stays disabled.
 */
public final class EventLoopLocalHttpClientFactory extends HttpClientFactory {

    private volatile @Nullable ConnectionProvider connectionProvider;

    public EventLoopLocalHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
            HttpClientSslConfigurer sslConfigurer, List<HttpClientCustomizer> customizers) {
        super(properties, serverProperties, sslConfigurer, customizers);
    }

    /**
     * Asks for the client's colocated loops once, before the server takes requests. They learn which loop each
     * event-loop thread is from a task queued on every loop when they are first asked for. Were a request the
     * first to ask, the other loops' first requests of the same burst would run before that task, and each of
     * their pools would open its first connection on some other loop, for good.
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
        ConnectionProvider built = elastic && configured.mutate() != null
                ? new EventLoopLocalConnectionProvider(configured) : configured;
        connectionProvider = built;
        return built;
    }

    /** The provider of the client built last; null before it is built. */
    public @Nullable ConnectionProvider connectionProvider() {
        return connectionProvider;
    }
}
