package io.github.sigv4gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.testsupport.ExternalTools;
import io.github.sigv4gateway.testsupport.MotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The soak's scripts without a soak: they parse as bash, {@code bench/run --soak} takes only whole minutes, and its
 * upstream ({@code bench/nginx-soak.conf}) really resets about 1% of the requests on kept-alive connections without
 * an answer byte, never the first request of a new connection, and closes idle connections after 2 s, as
 * bench/README.md says. The upstream test needs nginx, which {@code .ci/run} installs only
 * for the benchmark after the tests, so it is skipped without it.
 */
class SoakHarnessIntegrationTests {

    private static final int REQUESTS = 3000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"bench/run", "bench/soak.sh", "bench/lib.sh", "bench/load.sh", "bench/ab.sh"})
    void benchScripts_parseAsBash(String script) throws Exception {
        Result result = run(List.of("bash", "-n", script));
        assertThat(result.exit()).as(result.output()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1.5", "ten"})
    void soak_takesWholeMinutesOnly_beforeBuildingAnything(String minutes) throws Exception {
        Result result = run(List.of("bench/run", "--soak", minutes));
        assertThat(result.exit()).as(result.output()).isEqualTo(2);
        assertThat(result.output())
                .contains("--soak takes a whole number of minutes, at least 1, not '" + minutes + "'")
                .doesNotContain("[bench]");
    }

    @Test
    void usage_namesTheSoak() throws Exception {
        Result result = run(List.of("bench/run", "--help"));
        assertThat(result.exit()).isZero();
        assertThat(result.output()).contains("bench/run --soak [MINUTES]").contains("dir with logs and raw wrk output");
    }

    @Test
    void soakUpstream_resetsAboutOnePercentOfKeptAliveRequests_withoutAnAnswerByte_andClosesIdleConnections()
            throws Exception {
        ExternalTools.require("bash", "bash", "--version");
        boolean nginx = run(List.of("bash", "-c", "command -v nginx")).exit() == 0;
        Assumptions.assumeTrue(nginx, "nginx is not installed; skipping the soak upstream's test");
        int port = MotoServer.freePort();
        Files.writeString(
                dir.resolve("nginx.conf"),
                Files.readString(Path.of("bench/nginx-soak.conf"))
                        .replace("@DIR@", dir.toString())
                        .replace("@PORT@", String.valueOf(port)));
        Process server = new ProcessBuilder(
                        "nginx",
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString(),
                        "-e",
                        dir.resolve("error.log").toString(),
                        "-g",
                        "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        try {
            awaitListening(port);
            int resets = 0;
            Socket socket = null;
            for (int i = 0; i < REQUESTS; i++) {
                if (socket == null) {
                    socket = connect(port);
                }
                String outcome = exchange(socket);
                if (!outcome.equals("answer")) {
                    assertThat(outcome).as("request %d", i).isEqualTo("reset, no byte");
                    resets++;
                    socket.close();
                    socket = null;
                }
            }
            // Binomial(3000, 1%): mean 30, standard deviation 5.4; these bounds are about 3.5 deviations away.
            assertThat(resets).isBetween(12, 50);
            assertThat(Files.readAllLines(dir.resolve("dropped.log"))).hasSize(resets);

            if (socket != null) {
                socket.close();
            }
            for (int i = 0; i < 300; i++) {
                try (Socket fresh = connect(port)) {
                    assertThat(exchange(fresh))
                            .as("the first request of new connection %d", i)
                            .isEqualTo("answer");
                }
            }
            try (Socket idle = answeredConnection(port)) {
                long start = System.nanoTime();
                assertThat(idle.getInputStream().read())
                        .as("closed by the upstream")
                        .isEqualTo(-1);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .isBetween(1000L, 4000L);
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** One GET on a kept-alive connection: "answer", "reset, no byte" or "closed, no byte". */
    private static String exchange(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET /api/v1/orders HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[512];
        try {
            int total = 0;
            // The whole answer: the head and the 18-byte body ("Hello from lambda!").
            while (total == 0 || !new String(buffer, 0, total, StandardCharsets.US_ASCII).endsWith("lambda!")) {
                int n = in.read(buffer, total, buffer.length - total);
                if (n < 0) {
                    return total == 0 ? "closed, no byte" : "closed mid-answer";
                }
                total += n;
            }
            return "answer";
        } catch (SocketException e) {
            return "reset, no byte";
        }
    }

    /** A connection that has just carried an answer, so that the keep-alive timeout runs on it. */
    private static Socket answeredConnection(int port) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            Socket socket = connect(port);
            if (exchange(socket).equals("answer")) {
                return socket;
            }
            socket.close();
        }
        throw new AssertionError("no answer in 10 attempts");
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = connect(port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nginx did not listen on " + port);
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("%s finished", command)
                .isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exit, String output) {}
}
