package io.github.sigv4gateway.resilience;

import io.github.sigv4gateway.testsupport.ExternalTools;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package) started by a test on 127.0.0.1, on a free port, with nothing
 * persisted; the test is skipped, saying so, where none is installed (and failed under CI, which installs it).
 */
final class LocalRedis implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private LocalRedis(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static LocalRedis start() throws IOException, InterruptedException {
        ExternalTools.require("redis-server", "redis-server", "--version");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = Files.createTempFile("redis-", ".log");
        Process process = new ProcessBuilder(List.of(
                        "redis-server",
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(port),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        System.getProperty("java.io.tmpdir")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LocalRedis redis = new LocalRedis(process, log, port);
        redis.awaitPong(Duration.ofSeconds(15));
        return redis;
    }

    int port() {
        return port;
    }

    private void awaitPong(Duration limit) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(1000);
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                byte[] reply = new byte[7];
                int read = in.readNBytes(reply, 0, reply.length);
                if (new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("redis-server did not answer PING on 127.0.0.1:" + port + " within " + limit
                + ": " + Files.readString(log));
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
