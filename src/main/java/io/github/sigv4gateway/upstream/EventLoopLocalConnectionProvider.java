package io.github.sigv4gateway.upstream;

import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.TransportConfig;

/**
 * One upstream connection pool per event loop, as Envoy keeps one per worker. Reactor Netty's pool is shared by
 * all event loops, so a request read on one loop is usually given an idle connection registered on another and
 * hops there to be sent and back to be answered. Here each loop draws from its own pool, whose new connections the
 * colocated client loops register on that same loop, so a request is read, signed, sent, answered and written back
 * on one thread.
 *
 * <p>Each loop's pool is a copy of the configured one ({@link ConnectionProvider#mutate()}), named
 * {@code <name>-<n>}. A caller that is not one of the client's event loops uses the configured pool itself.
 * Idle connections are per loop: with {@code L} loops up to {@code L} times as many stay open between bursts,
 * until the pool's idle timeout closes them.
 */
public final class EventLoopLocalConnectionProvider implements ConnectionProvider {

    private final ConnectionProvider shared;
    private final FastThreadLocal<ConnectionProvider> loopLocal = new FastThreadLocal<>();
    private final Queue<ConnectionProvider> perLoop = new ConcurrentLinkedQueue<>();
    private final AtomicInteger poolNumbers = new AtomicInteger();

    /**
     * @param shared a pooling provider ({@link ConnectionProvider#mutate()} not null): the model of each loop's
     *               pool, and the pool of callers off the event loops
     */
    public EventLoopLocalConnectionProvider(ConnectionProvider shared) {
        if (shared.mutate() == null) {
            throw new IllegalArgumentException("not a pooling connection provider: " + shared);
        }
        this.shared = shared;
    }

    @Override
    public Mono<? extends Connection> acquire(
            TransportConfig config,
            ConnectionObserver connectionObserver,
            Supplier<? extends SocketAddress> remoteAddress,
            @Nullable AddressResolverGroup<?> resolverGroup) {
        return poolFor(config).acquire(config, connectionObserver, remoteAddress, resolverGroup);
    }

    private ConnectionProvider poolFor(TransportConfig config) {
        ConnectionProvider pool = loopLocal.getIfExists();
        if (pool != null) {
            return pool;
        }
        if (!onClientEventLoop(config)) {
            return shared;
        }
        pool = newLoopPool();
        loopLocal.set(pool);
        return pool;
    }

    private ConnectionProvider newLoopPool() {
        ConnectionProvider.Builder builder = Objects.requireNonNull(shared.mutate());
        ConnectionProvider pool = builder.name(shared.name() + "-" + poolNumbers.getAndIncrement())
                .build();
        perLoop.add(pool);
        return pool;
    }

    private static boolean onClientEventLoop(TransportConfig config) {
        for (EventExecutor loop : config.loopResources().onClient(config.isPreferNative())) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /** The pools created so far, one per event loop that acquired a connection. */
    public List<ConnectionProvider> loopPools() {
        return List.copyOf(perLoop);
    }

    @Override
    public void disposeWhen(SocketAddress remoteAddress) {
        shared.disposeWhen(remoteAddress);
        perLoop.forEach(pool -> pool.disposeWhen(remoteAddress));
    }

    @Override
    public Mono<Void> disposeLater() {
        return Mono.defer(() -> Mono.when(
                shared.disposeLater(),
                Mono.when(perLoop.stream().map(ConnectionProvider::disposeLater).toList())));
    }

    @Override
    public boolean isDisposed() {
        return shared.isDisposed() && perLoop.stream().allMatch(ConnectionProvider::isDisposed);
    }

    /** The configured limit, which applies to each loop's pool. */
    @Override
    public int maxConnections() {
        return shared.maxConnections();
    }

    @Override
    public @Nullable Map<SocketAddress, Integer> maxConnectionsPerHost() {
        return shared.maxConnectionsPerHost();
    }

    /** A builder of one pool like the configured one. */
    @Override
    public @Nullable Builder mutate() {
        return shared.mutate();
    }

    @Override
    public @Nullable String name() {
        return shared.name();
    }

    @Override
    public String toString() {
        return "EventLoopLocalConnectionProvider[" + shared.name() + ", " + perLoop.size() + " loop pools]";
    }
}
