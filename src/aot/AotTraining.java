import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The AOT cache's training run with traffic: starts the gateway command it is given in front of a local upstream,
 * sends it the requests a sidecar sees (GET with a query, 4 KiB POST, 1 MiB answer) for a while, then stops it, so
 * that the JVM writes the cache (or CDS archive) named in that command at exit.
 *
 * <p>A cache trained only until the context is refreshed holds the startup classes. One trained with traffic also
 * holds the request path's classes and, from JDK 25 on (JEP 515), their method profiles. Measured on two cores
 * against the refresh-only cache (GET load on a fresh gateway, two pairs of runs): about 20% more req/s from the
 * second minute on, 10-30 MiB less RSS after the load, and twice the req/s in the first 10 s of a request shape it
 * had not seen yet (4 KiB POSTs after the GETs); slower between 60 and 90 s, about the same before. Run as a
 * source file, with no dependencies, in the image build, the packaged integration test and the benchmark:
 *
 * <pre>
 * java AotTraining.java [--seconds 30] -- java -XX:AOTCacheOutput=app.aot -jar app.jar --sigv4-gateway.region=...
 * </pre>
 *
 * It appends {@code --server.port}, {@code --management.server.port} and {@code --sigv4-gateway.target} (the
 * upstream) to the command, which must not set them, and runs a leading {@code java} with this program's own JVM.
 * The upstream checks no signature: the command's credentials are never sent anywhere else. Exits non-zero, with
 * the gateway's last log lines, when the gateway does not get ready, answers anything but 200, or leaves no cache.
 */
public final class AotTraining {

    private static final String ANSWER = "Hello from lambda!";
    private static final byte[] LARGE = new byte[1024 * 1024];
    private static final byte[] POST =
            "{\"order\":\"%s\"}".formatted("x".repeat(4096 - 12)).getBytes(StandardCharsets.UTF_8);
    private static final Duration READY_WITHIN = Duration.ofSeconds(180);
    private static final int CLIENTS = 8;

    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        int separator = Arrays.asList(args).indexOf("--");
        if (separator < 0 || separator == args.length - 1) {
            fail("usage: java AotTraining.java [--seconds N] -- <gateway command>");
        }
        Duration traffic = Duration.ofSeconds(30);
        List<String> options = Arrays.asList(args).subList(0, separator);
        for (int i = 0; i < options.size(); i += 2) {
            if (!options.get(i).equals("--seconds") || i + 1 >= options.size()) {
                fail("unknown option " + options.get(i) + "; usage: [--seconds N] -- <gateway command>");
            }
            if (!options.get(i + 1).matches("[1-9][0-9]{0,3}")) {
                fail("--seconds takes a whole number of seconds from 1 to 9999, not " + options.get(i + 1));
            }
            traffic = Duration.ofSeconds(Long.parseLong(options.get(i + 1)));
        }
        List<String> command = new ArrayList<>(Arrays.asList(args).subList(separator + 1, args.length));
        System.exit(train(command, traffic));
    }

    private static int train(List<String> command, Duration traffic) throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        upstream.createContext("/", AotTraining::answer);
        upstream.setExecutor(Executors.newFixedThreadPool(2));
        upstream.start();
        int port = freePort();
        int management = freePort();
        if (command.getFirst().equals("java")) {
            command.set(0, ProcessHandle.current().info().command().orElse("java"));
        }
        command.addAll(List.of(
                "--server.port=" + port,
                "--management.server.port=" + management,
                "--sigv4-gateway.target=http://127.0.0.1:"
                        + upstream.getAddress().getPort()));
        Path log = Files.createTempFile("aot-training", ".log");
        Process gateway = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        try {
            awaitReady(http, management, gateway, log);
            long sent = drive(http, "http://127.0.0.1:" + port, traffic, gateway);
            System.out.println("AOT training: " + sent + " requests in " + traffic.toSeconds() + " s");
        } catch (TrainingFailed e) {
            gateway.destroyForcibly();
            System.err.println(e.getMessage() + "\n--- last lines of the gateway's log:\n" + tail(log));
            return 1;
        } finally {
            upstream.stop(0);
            ((ExecutorService) upstream.getExecutor()).shutdownNow();
        }
        // SIGTERM: a graceful stop, after which the JVM writes the cache it was asked for.
        gateway.destroy();
        if (!gateway.waitFor(180, TimeUnit.SECONDS)) {
            gateway.destroyForcibly();
            System.err.println("the gateway did not stop within 180 s of SIGTERM:\n" + tail(log));
            return 1;
        }
        for (String word : command) {
            for (String flag : List.of("-XX:AOTCacheOutput=", "-XX:ArchiveClassesAtExit=")) {
                if (word.startsWith(flag) && !isNonEmptyFile(Path.of(word.substring(flag.length())))) {
                    System.err.println("no cache at " + word.substring(flag.length()) + ":\n" + tail(log));
                    return 1;
                }
            }
        }
        Files.deleteIfExists(log);
        return 0;
    }

    /** Requests from {@value #CLIENTS} clients for {@code traffic}: mostly small GETs and POSTs, some 1 MiB answers. */
    private static long drive(HttpClient http, String base, Duration traffic, Process gateway) throws Exception {
        Instant end = Instant.now().plus(traffic);
        AtomicLong sent = new AtomicLong();
        HttpRequest get = HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/orders/42?limit=10&next=eyJpZCI6NDJ9%3D&sort=desc"))
                .header("Accept", "application/json")
                .build();
        HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/api/v1/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(POST))
                .build();
        List<HttpRequest> mix = List.of(
                get,
                post,
                get,
                post,
                HttpRequest.newBuilder(URI.create(base + "/large")).build());
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int offset = c;
                running.add(clients.submit(() -> {
                    for (long i = offset; Instant.now().isBefore(end); i++) {
                        HttpRequest request = mix.get((int) (i % mix.size()));
                        HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (answer.statusCode() != 200) {
                            throw new TrainingFailed(request.method() + " " + request.uri() + " answered "
                                    + answer.statusCode() + ": " + new String(answer.body(), StandardCharsets.UTF_8));
                        }
                        sent.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                try {
                    client.get();
                } catch (ExecutionException e) {
                    if (!gateway.isAlive()) {
                        throw new TrainingFailed("the gateway exited during the training traffic");
                    }
                    throw e.getCause() instanceof TrainingFailed failed
                            ? failed
                            : new TrainingFailed("training traffic failed: " + e.getCause());
                }
            }
        }
        if (sent.get() == 0) {
            throw new TrainingFailed("no request was answered");
        }
        return sent.get();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
            byte[] answer = exchange.getRequestURI().getPath().equals("/large")
                    ? LARGE
                    : ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .set("Content-Type", answer == LARGE ? "application/octet-stream" : "text/plain");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static void awaitReady(HttpClient http, int management, Process gateway, Path log) throws Exception {
        URI readiness = URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness");
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (!gateway.isAlive()) {
                throw new TrainingFailed("the gateway exited with " + gateway.exitValue() + " before it was ready");
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(readiness)
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // polled again until the deadline
            }
            Thread.sleep(200);
        }
        throw new TrainingFailed("the gateway was not ready within " + READY_WITHIN.toSeconds() + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean isNonEmptyFile(Path path) throws IOException {
        return Files.isRegularFile(path) && Files.size(path) > 0;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }

    private static final class TrainingFailed extends Exception {
        TrainingFailed(String message) {
            super(message);
        }
    }
}
