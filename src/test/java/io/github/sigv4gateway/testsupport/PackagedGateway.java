package io.github.sigv4gateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The packaged jar ({@code -Dpackaged.jar}, passed by Failsafe after the package phase) running in a child JVM, as
 * a container would run it, for tests of what only a real process shows: signals, exit codes, its own ports.
 */
public final class PackagedGateway implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;

    private PackagedGateway(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** The packaged jar, when the build has made it (Failsafe after {@code package}); empty under Surefire. */
    public static Optional<Path> jar() {
        return Optional.ofNullable(System.getProperty("packaged.jar"))
                .map(Path::of)
                .filter(Files::isRegularFile);
    }

    /** Starts the jar on two free ports with {@code args} added, logging to {@code dir}, and waits until ready. */
    public static PackagedGateway startReady(Path jar, Path dir, List<String> args) throws IOException {
        int port = freePort();
        int management = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC",
                "-Xmx128m",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--management.server.port=" + management));
        command.addAll(args);
        Path log = dir.resolve("gateway.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PackagedGateway gateway = new PackagedGateway(process, log, port, management);
        try {
            Awaitility.await("readiness UP, or the process gone")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || gateway.isReady());
        } catch (RuntimeException e) {
            gateway.close();
            throw new AssertionError("not ready within 90 s: " + gateway.log(), e);
        }
        if (!process.isAlive()) {
            throw new AssertionError("gateway exited: " + gateway.log());
        }
        return gateway;
    }

    private boolean isReady() throws InterruptedException {
        try {
            return readiness().statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** GET of the readiness probe on a connection of its own, as the kubelet asks it; throws if refused. */
    public HttpResponse<String> readiness() throws IOException, InterruptedException {
        try (HttpClient fresh =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return fresh.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** What the process has written so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the process if a test left it running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
