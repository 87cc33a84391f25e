package io.github.sigv4gateway.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real STS/IAM protocol peer: moto's server ({@code python3 -m moto.server}) on 127.0.0.1, started and stopped
 * by the tests. Without python3 or moto the tests are skipped with a message, except under CI, where they fail.
 */
public final class MotoServer implements AutoCloseable {

    /** Requests moto serves before it enforces IAM authentication: exactly what {@link MotoIam} bootstraps. */
    public static final int UNAUTHENTICATED_BOOTSTRAP_ACTIONS = 3;

    private final int port;
    private final boolean enforceAuth;
    private final Path log;
    private Process process;

    private MotoServer(int port, boolean enforceAuth) throws IOException {
        this.port = port;
        this.enforceAuth = enforceAuth;
        this.log = Files.createTempFile("moto-", ".log");
    }

    /**
     * Starts moto on a free port, or skips the calling test when moto is not installed (outside CI).
     *
     * @param enforceAuth whether moto verifies signatures and IAM policies (after the bootstrap actions), as AWS
     *        does; without it any keys are accepted, which lets a restarted peer serve the same callers
     */
    public static MotoServer start(boolean enforceAuth) {
        requireMoto();
        try {
            MotoServer server = new MotoServer(freePort(), enforceAuth);
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public boolean enforcesAuth() {
        return enforceAuth;
    }

    /** Stops the peer: STS calls now fail to connect. */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Starts the peer again on the same port (with empty state). */
    public void restart() {
        stop();
        try {
            startProcess();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart moto", e);
        }
    }

    private void startProcess() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        "python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        if (enforceAuth) {
            builder.environment()
                    .put("INITIAL_NO_AUTH_ACTION_COUNT", String.valueOf(UNAUTHENTICATED_BOOTSTRAP_ACTIONS));
        }
        process = builder.start();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plusSeconds(40);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited: " + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("moto did not start within 40 s: " + Files.readString(log));
    }

    @Override
    public void close() {
        stop();
    }

    private static void requireMoto() {
        boolean available;
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import moto.server")
                    .redirectErrorStream(true)
                    .start();
            available = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available = false;
        }
        String message = "python3 with moto is needed for the STS integration tests (pip install 'moto[server]')";
        if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.assumeTrue(available, message);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
