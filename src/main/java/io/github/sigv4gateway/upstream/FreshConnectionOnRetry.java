package io.github.sigv4gateway.upstream;

import io.netty.resolver.AddressResolverGroup;
import java.net.SocketAddress;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.TransportConfig;
import reactor.util.context.ContextView;

/**
 * The pool's connections, except for a request sent again after its connection broke: that attempt opens a
 * connection of its own, closed after its answer. A function URL's front end closes kept-alive connections when it
 * likes; the pool's other idle connections to it may be as old as the one that just broke, so a retry that drew one
 * of them could break the same way. The attempt asks for it through its Reactor context ({@link #onFreshConnection}),
 * which reaches the connection's acquisition through SCG's routing filter and Reactor Netty's client.
 */
public final class FreshConnectionOnRetry implements ConnectionProvider {

    private static final String FRESH = FreshConnectionOnRetry.class.getName();

    private final ConnectionProvider pooled;
    private final ConnectionProvider fresh = ConnectionProvider.newConnection();

    public FreshConnectionOnRetry(ConnectionProvider pooled) {
        this.pooled = pooled;
    }

    /** {@code attempt} with its upstream connection opened for it alone, wherever this provider is in use. */
    public static <T> Mono<T> onFreshConnection(Mono<T> attempt) {
        return attempt.contextWrite(context -> context.put(FRESH, Boolean.TRUE));
    }

    static boolean freshAsked(ContextView context) {
        return context.hasKey(FRESH);
    }

    @Override
    public Mono<? extends Connection> acquire(
            TransportConfig config,
            ConnectionObserver connectionObserver,
            @Nullable Supplier<? extends SocketAddress> remoteAddress,
            @Nullable AddressResolverGroup<?> resolverGroup) {
        return Mono.deferContextual(context -> (freshAsked(context) ? fresh : pooled)
                .acquire(config, connectionObserver, remoteAddress, resolverGroup));
    }

    /** The pool that serves every other request. */
    public ConnectionProvider pooled() {
        return pooled;
    }

    @Override
    public void disposeWhen(SocketAddress remoteAddress) {
        pooled.disposeWhen(remoteAddress);
    }

    @Override
    public void dispose() {
        pooled.dispose();
    }

    @Override
    public Mono<Void> disposeLater() {
        return pooled.disposeLater();
    }

    @Override
    public boolean isDisposed() {
        return pooled.isDisposed();
    }

    @Override
    public int maxConnections() {
        return pooled.maxConnections();
    }

    @Override
    public @Nullable Map<SocketAddress, Integer> maxConnectionsPerHost() {
        return pooled.maxConnectionsPerHost();
    }

    @Override
    public @Nullable Builder mutate() {
        return pooled.mutate();
    }

    @Override
    public @Nullable String name() {
        return pooled.name();
    }

    @Override
    public String toString() {
        return "FreshConnectionOnRetry[" + pooled + "]";
    }
}
