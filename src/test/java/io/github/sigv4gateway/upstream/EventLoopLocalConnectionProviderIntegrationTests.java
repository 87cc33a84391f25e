package io.github.sigv4gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ConnectionObserver;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Requests issued on given event loops of a real client, against a real upstream socket: which loop's
 * connection each one was sent on.
 */
class EventLoopLocalConnectionProviderIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static DisposableServer upstream;
    private static LoopResources loops;
    private static List<EventExecutor> clientLoops;
    private static final AtomicReference<Probe> current = new AtomicReference<>(new Probe());

    private final List<ConnectionProvider> providers = new ArrayList<>();

    @BeforeAll
    static void start() {
        upstream = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> response.sendString(Mono.just("Hello from lambda!")))
                .bindNow(TIMEOUT);
        loops = LoopResources.create("elcp-test", 1, 3, true, true);
        clientLoops = new ArrayList<>();
        loops.onClient(LoopResources.DEFAULT_NATIVE).forEach(clientLoops::add);
    }

    @AfterAll
    static void stop() {
        upstream.disposeNow(TIMEOUT);
        loops.disposeLater(Duration.ZERO, TIMEOUT).block(TIMEOUT);
    }

    @AfterEach
    void disposeProviders() {
        providers.forEach(provider -> provider.disposeLater().block(TIMEOUT));
    }

    @Test
    void eachLoop_sendsOnAConnectionOfItsOwn_andReusesIt() {
        EventLoopLocalConnectionProvider provider = track(new EventLoopLocalConnectionProvider(pool("proxy")));
        HttpClient client = client(provider);
        EventExecutor first = clientLoops.get(0);
        EventExecutor second = clientLoops.get(1);

        Channel firstOnFirst = requestFrom(first, client);
        Channel onSecond = requestFrom(second, client);
        Channel secondOnFirst = requestFrom(first, client);

        assertThat(firstOnFirst.eventLoop()).isSameAs(first);
        assertThat(onSecond.eventLoop())
                .as("the first loop's idle connection is not lent out")
                .isSameAs(second);
        assertThat(secondOnFirst)
                .as("pooled: the first loop's connection again")
                .isSameAs(firstOnFirst);
        assertThat(provider.loopPools())
                .extracting(ConnectionProvider::name)
                .containsExactlyInAnyOrder("proxy-0", "proxy-1");
    }

    /** Why the class exists: Reactor Netty's pool lends a connection to whichever loop asks. */
    @Test
    void aSharedPool_lendsOneLoopsIdleConnectionToAnother() {
        HttpClient client = client(track(pool("shared")));
        Channel onFirst = requestFrom(clientLoops.get(0), client);
        Channel onSecond = requestFrom(clientLoops.get(1), client);
        assertThat(onSecond).isSameAs(onFirst);
        assertThat(onSecond.eventLoop()).isNotSameAs(clientLoops.get(1));
    }

    @Test
    void callerOffTheEventLoops_usesTheConfiguredPool() {
        EventLoopLocalConnectionProvider provider = track(new EventLoopLocalConnectionProvider(pool("proxy")));
        String body = client(provider)
                .get()
                .uri("/")
                .responseContent()
                .aggregate()
                .asString()
                .block(TIMEOUT);
        assertThat(body).isEqualTo("Hello from lambda!");
        assertThat(provider.loopPools()).isEmpty();
    }

    @Test
    void disposing_disposesTheLoopPoolsToo() {
        EventLoopLocalConnectionProvider provider = new EventLoopLocalConnectionProvider(pool("proxy"));
        requestFrom(clientLoops.get(0), client(provider));
        assertThat(provider.isDisposed()).isFalse();
        provider.disposeLater().block(TIMEOUT);
        assertThat(provider.loopPools())
                .singleElement()
                .satisfies(pool -> assertThat(pool.isDisposed()).isTrue());
        assertThat(provider.isDisposed()).isTrue();
    }

    @Test
    void aProviderThatDoesNotPool_isRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EventLoopLocalConnectionProvider(ConnectionProvider.newConnection()))
                .withMessageContaining("not a pooling connection provider");
    }

    private <T extends ConnectionProvider> T track(T provider) {
        providers.add(provider);
        return provider;
    }

    private static ConnectionProvider pool(String name) {
        return ConnectionProvider.builder(name)
                .maxConnections(Integer.MAX_VALUE)
                .pendingAcquireTimeout(Duration.ZERO)
                .pendingAcquireMaxCount(-1)
                .build();
    }

    /** One client per provider: Reactor Netty keys its pools by the client's configuration too. */
    private static HttpClient client(ConnectionProvider provider) {
        return HttpClient.create(provider)
                .runOn(loops)
                .baseUrl("http://127.0.0.1:" + upstream.port())
                .doOnRequest((request, connection) -> current.get().channel.set(connection.channel()))
                .observe((connection, state) -> {
                    if (state == ConnectionObserver.State.RELEASED) {
                        current.get().released.complete(null);
                    }
                });
    }

    /**
     * Issues a GET on {@code loop} and returns the channel it was sent on, once the answer is read and the
     * connection is back in its pool. Requests are issued one at a time.
     */
    private static Channel requestFrom(EventExecutor loop, HttpClient client) {
        Probe probe = new Probe();
        current.set(probe);
        loop.execute(() -> client.get()
                .uri("/")
                .responseContent()
                .aggregate()
                .asString()
                .subscribe(probe.body::complete, probe.body::completeExceptionally));
        assertThat(probe.body)
                .succeedsWithin(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .isEqualTo("Hello from lambda!");
        assertThat(probe.released).succeedsWithin(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return probe.channel.get();
    }

    /** What the request in flight was sent on, and when it was answered and its connection released. */
    private static final class Probe {
        final AtomicReference<Channel> channel = new AtomicReference<>();
        final CompletableFuture<String> body = new CompletableFuture<>();
        final CompletableFuture<Void> released = new CompletableFuture<>();
    }
}
