package io.github.sigv4gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sigv4gateway.testsupport.HeldUpstream;
import io.github.sigv4gateway.testsupport.PackagedGateway;
import io.github.sigv4gateway.testsupport.RawHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM with a request in flight, on the packaged jar in a child JVM (what Kubernetes does to a container):
 * readiness answers 503 at once while the management port stays up for the probes, the proxy port refuses new
 * connections, the request in flight gets its whole answer, and the process exits by itself; a request that
 * outlasts the grace ({@code spring.lifecycle.timeout-per-shutdown-phase}) is cut and the process still exits.
 * The in-flight request goes over a raw socket: java.net.http silently retries a GET whose connection closed.
 */
class GracefulShutdownPackagedIntegrationTests {

    private static final String SECRET = "shutdown-test-secret";
    private static final String HELD_GET = "GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void sigterm_withARequestInFlight_refusesNewWork_finishesTheRequest_andExits() throws Exception {
        try (HeldUpstream upstream = new HeldUpstream(Duration.ofSeconds(30));
                PackagedGateway gateway = start(upstream)) {
            CompletableFuture<RawHttp.Reply> inFlight = sendHeld(gateway, upstream);
            assertThat(connects(gateway.port()))
                    .as("the proxy port accepts before SIGTERM")
                    .isTrue();

            long sigterm = System.nanoTime();
            gateway.process().destroy();

            HttpResponse<String> probe = Awaitility.await("readiness leaves UP")
                    .atMost(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(50))
                    .until(gateway::readiness, answer -> answer.statusCode() != 200);
            assertThat(probe.statusCode())
                    .as("readiness answers DOWN, not refused")
                    .isEqualTo(503);
            assertThat(probe.body()).contains("OUT_OF_SERVICE");
            Awaitility.await("the proxy port refuses new connections")
                    .atMost(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !connects(gateway.port()));
            assertThat(gateway.readiness().statusCode())
                    .as("the management port keeps answering the probes during the drain")
                    .isEqualTo(503);
            assertThat(inFlight).as("the held request is still in flight").isNotDone();
            assertThat(gateway.process().isAlive()).isTrue();

            upstream.release();
            RawHttp.Reply answer = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(HeldUpstream.BODY);

            assertThat(gateway.process().waitFor(20, TimeUnit.SECONDS))
                    .as("exits by itself within the 20 s grace")
                    .isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm))
                    .isLessThan(20_000);
            assertThat(gateway.process().exitValue()).isIn(0, 143);
            assertThat(gateway.log())
                    .contains("Commencing graceful shutdown. Waiting for active requests to complete")
                    .contains("Graceful shutdown complete")
                    .doesNotContain("Graceful shutdown aborted")
                    .doesNotContain(SECRET);
        }
    }

    @Test
    void sigterm_withARequestLongerThanTheGrace_cutsIt_andExitsAfterTheGrace() throws Exception {
        try (HeldUpstream upstream = new HeldUpstream(Duration.ofSeconds(30));
                PackagedGateway gateway = start(upstream, "--spring.lifecycle.timeout-per-shutdown-phase=2s")) {
            CompletableFuture<RawHttp.Reply> inFlight = sendHeld(gateway, upstream);

            long sigterm = System.nanoTime();
            gateway.process().destroy();

            assertThat(gateway.process().waitFor(15, TimeUnit.SECONDS))
                    .as("exits by itself, not when the request ends (30 s)")
                    .isTrue();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
            // Measured: about 4.3 s, the grace and then Reactor Netty's disposal of the connection and event loops.
            assertThat(millis).as("from SIGTERM to exit").isBetween(2_000L, 10_000L);
            assertThat(gateway.process().exitValue()).isIn(0, 143);
            assertThat(gateway.log())
                    .contains("Shutdown phase")
                    .contains("after timeout of 2000ms")
                    .contains("Graceful shutdown aborted with one or more requests still active");
            RawHttp.Reply cut = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(cut.closed()).as("the client sees its connection closed").isTrue();
            assertThat(cut.text()).as("without an answer").isEmpty();
        }
    }

    private PackagedGateway start(HeldUpstream upstream, String... more) throws IOException {
        Path jar = PackagedGateway.jar().orElse(null);
        assumeTrue(jar != null, "runs after the package phase (./mvnw verify), which passes -Dpackaged.jar");
        List<String> args = new ArrayList<>(List.of(
                "--sigv4-gateway.target=" + upstream.baseUri(),
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda",
                "--sigv4-gateway.credentials.default.type=static",
                "--sigv4-gateway.credentials.default.access-key-id=AKIDSHUTDOWN",
                "--sigv4-gateway.credentials.default.secret-access-key=" + SECRET,
                // The upstream is no STS: the identity check at start would ask AWS's.
                "--sigv4-gateway.credentials.default.verify-identity=false"));
        args.addAll(List.of(more));
        return PackagedGateway.startReady(jar, dir, args);
    }

    /** A GET the upstream holds, once it has reached the upstream; the reply is read until the server closes. */
    private CompletableFuture<RawHttp.Reply> sendHeld(PackagedGateway gateway, HeldUpstream upstream)
            throws InterruptedException {
        CompletableFuture<RawHttp.Reply> inFlight =
                CompletableFuture.supplyAsync(() -> RawHttp.exchange(gateway.port(), HELD_GET, 30_000), clients);
        assertThat(upstream.awaitArrival(Duration.ofSeconds(10)))
                .as("the request reached the upstream")
                .isTrue();
        return inFlight;
    }

    /** Whether a new TCP connection to {@code port} is accepted (refused: false). */
    private static boolean connects(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }
}
