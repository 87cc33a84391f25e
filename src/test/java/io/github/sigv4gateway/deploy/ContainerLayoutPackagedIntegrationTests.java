package io.github.sigv4gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's start-up path without Docker: the packaged jar is extracted exactly as the Dockerfile does, the
 * AOT cache is trained with the Dockerfile's training command (the gateway under traffic, src/aot/AotTraining.java),
 * and the Dockerfile's ENTRYPOINT (with its JAVA_TOOL_OPTIONS) starts the gateway from that layout, which then signs
 * a request the function URL emulator accepts, with the request path's classes from the cache. Runs in Maven's
 * integration-test phase, once the jar exists.
 */
class ContainerLayoutPackagedIntegrationTests {

    private static final String KEY = "AKIDPACKAGED";
    private static final String SECRET = "packaged-layout-secret";
    private static final String REQUEST_PATH_CLASS = "io.github.sigv4gateway.routing.SignedRequest";
    private static final Pattern SIGNATURE_FILE = Pattern.compile("META-INF/[^/]+\\.(SF|DSA|RSA|EC)");

    private final Dockerfile dockerfile = Dockerfile.read(Path.of("Dockerfile"));
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @TempDir
    Path root;

    @Test
    void extractedLayout_startsWithTheDockerfileEntrypoint_andAotCache_andSignsARequest() throws Exception {
        String packaged = System.getProperty("packaged.jar");
        assumeTrue(
                packaged != null && Files.isRegularFile(Path.of(packaged)),
                "runs after the package phase (./mvnw verify), which passes the jar as -Dpackaged.jar");
        Path app = root.resolve(dockerfile.extractDestination().substring(1));
        run(
                List.of(java(), "-Djarmode=tools", "-jar", packaged, "extract", "--destination", app.toString()),
                Duration.ofSeconds(60),
                null);
        List<String> entrypoint = inLayout(dockerfile.entrypoint(), app);
        assertThat(Path.of(entrypoint.getLast()))
                .as("the jar the ENTRYPOINT starts")
                .isRegularFile();
        assertThat(app.resolve("lib")).isDirectory();

        boolean aot = Runtime.version().feature() >= 25;
        if (aot) {
            // The build stage's ENV applies to the training run, as in the image build.
            String training = run(
                    inBuildContext(inLayout(dockerfile.aotTrainingCommand(), app)),
                    Duration.ofSeconds(300),
                    dockerfile.envValues("JAVA_TOOL_OPTIONS").getFirst());
            assertThat(training)
                    .as("the training run sends the gateway traffic")
                    .containsPattern("AOT training: [1-9][0-9]* requests");
            assertThat(Path.of(
                            inLayout(List.of(dockerfile.aotCacheOutput()), app).getFirst()))
                    .isNotEmptyFile();
        } else {
            // JDK 21-24 have no -XX:AOTCache; the layout is still started, without the cache flag.
            entrypoint.removeIf(word -> word.startsWith("-XX:AOTCache"));
        }

        try (FunctionUrlEmulator function = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add(KEY, SECRET, "arn:aws:iam::123456789012:user/packaged"))
                .start()) {
            int port = freePort();
            int management = freePort();
            List<String> command = new ArrayList<>(entrypoint);
            command.set(0, java());
            // A CPU count this machine does not have: the event loops must follow the JVM's view (a container's
            // CPU limit), not Reactor Netty's floor of four.
            command.add(1, "-XX:ActiveProcessorCount=3");
            if (aot) {
                // Fail instead of silently starting without the cache, so a cache the entrypoint cannot use is seen.
                command.add(1, "-XX:AOTMode=on");
                command.add(1, "-Xlog:class+load=info:file=" + root.resolve("class-load.log"));
            }
            command.addAll(List.of(
                    "--server.port=" + port,
                    "--management.server.port=" + management,
                    "--sigv4-gateway.target=" + function.baseUri(),
                    "--sigv4-gateway.region=us-east-1",
                    "--sigv4-gateway.service=lambda",
                    "--sigv4-gateway.credentials.default.type=static",
                    "--sigv4-gateway.credentials.default.access-key-id=" + KEY,
                    "--sigv4-gateway.credentials.default.secret-access-key=" + SECRET,
                    // The function emulator is no STS: the identity check at start would ask AWS's.
                    "--sigv4-gateway.credentials.default.verify-identity=false"));
            Path log = root.resolve("gateway.log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(app.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(dockerfile.env());
            builder.environment()
                    .put("JAVA_TOOL_OPTIONS", inTmp(dockerfile.env().get("JAVA_TOOL_OPTIONS")));
            Process gateway = builder.start();
            try {
                awaitReady(management, gateway, log);
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/from-the-image?x=1"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(function.lastRequest().accepted()).isTrue();
                // The access-log line, written by a background thread, in the same JSON format.
                String output = org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(5))
                        .until(
                                () -> Files.readString(log),
                                text -> text.contains("\"logger\":\"sigv4.gateway.access\""));
                assertThat(output.lines().filter(line -> line.startsWith("{")))
                        .as("the image logs JSON (ECS)")
                        .isNotEmpty()
                        .allSatisfy(line ->
                                assertThat(line).startsWith("{\"@timestamp\":").contains("\"log\":{\"level\":"));
                assertThat(output)
                        .doesNotContain("WARNING: A restricted method")
                        .doesNotContain(SECRET);
                assertThat(output)
                        .as("one event loop per CPU the JVM sees")
                        .contains("\"message\":\"Event loops: 3 (3 CPUs seen by the JVM;");
                assertThat(output)
                        .as("Netty's pooled allocator, set by main before Netty reads its setting")
                        .contains(
                                "\"message\":\"Netty buffers: pooled allocator (-Dio.netty.allocator.type to choose)");
                assertThat(output)
                        .as("BoringSSL loads from the image's layout and temporary directory (Linux x86-64 and arm64"
                                + " builds are in the jar), or the gateway says why not")
                        .contains(
                                shippedTlsPlatform()
                                        ? "\"message\":\"TLS: BoringSSL (netty-tcnative)\""
                                        : "\"message\":\"TLS: the JDK's");
                if (aot) {
                    // Loaded only once a request is forwarded: from the cache only if its training sent traffic.
                    assertThat(Files.readAllLines(root.resolve("class-load.log")))
                            .as("the request path's classes come from the AOT cache")
                            .anyMatch(line -> line.contains(REQUEST_PATH_CLASS + " source: shared objects file"));
                }
            } finally {
                gateway.destroy();
                if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly();
                }
            }
        }
    }

    private static boolean shippedTlsPlatform() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").startsWith("Linux") && (arch.equals("amd64") || arch.equals("aarch64"));
    }

    /**
     * A signed library costs every start: the JVM verifies its signatures when it first loads a class from it (for
     * Bouncy Castle, pulled in by spring-cloud-starter, 0.5 s of the start and 25 MiB of RSS on two cores). None is
     * needed; a new dependency that brings one back should be a decision, not an accident.
     */
    @Test
    void packagedJar_holdsNoSignedLibrary() throws IOException {
        String packaged = System.getProperty("packaged.jar");
        assumeTrue(
                packaged != null && Files.isRegularFile(Path.of(packaged)),
                "runs after the package phase (./mvnw verify), which passes the jar as -Dpackaged.jar");
        List<String> libraries = new ArrayList<>();
        List<String> signed = new ArrayList<>();
        try (JarFile jar = new JarFile(packaged)) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.getName().startsWith("BOOT-INF/lib/")
                        || !entry.getName().endsWith(".jar")) {
                    continue;
                }
                libraries.add(entry.getName());
                try (JarInputStream library = new JarInputStream(jar.getInputStream(entry), false)) {
                    for (JarEntry inner; (inner = library.getNextJarEntry()) != null; ) {
                        if (SIGNATURE_FILE.matcher(inner.getName()).matches()) {
                            signed.add(entry.getName() + "!/" + inner.getName());
                        }
                    }
                }
            }
        }
        assertThat(libraries).as("libraries in the packaged jar").hasSizeGreaterThan(50);
        assertThat(signed).as("signature files of signed libraries").isEmpty();
    }

    private void awaitReady(int management, Process gateway, Path log) throws Exception {
        URI readiness = URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness");
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            assertThat(gateway.isAlive())
                    .as(() -> "gateway exited: " + tail(log))
                    .isTrue();
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
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready within 90 s: " + tail(log));
    }

    /** The Dockerfile's words with its absolute layout directory moved under {@code app}. */
    private List<String> inLayout(List<String> words, Path app) {
        String destination = dockerfile.extractDestination();
        List<String> moved = new ArrayList<>();
        for (String word : words) {
            moved.add(word.replace(destination + "/", app + "/"));
        }
        return moved;
    }

    /** The Dockerfile's words with the build stage's copy of the build context moved to this checkout. */
    private List<String> inBuildContext(List<String> words) {
        String workdir = dockerfile.buildWorkdir() + "/";
        return words.stream()
                .map(word -> word.startsWith(workdir)
                        ? Path.of(word.substring(workdir.length()))
                                .toAbsolutePath()
                                .toString()
                        : word)
                .toList();
    }

    private String run(List<String> command, Duration limit, String javaToolOptions) throws Exception {
        List<String> withJava = new ArrayList<>(command);
        withJava.set(0, java());
        ProcessBuilder builder = new ProcessBuilder(withJava).redirectErrorStream(true);
        if (javaToolOptions != null) {
            builder.environment().put("JAVA_TOOL_OPTIONS", inTmp(javaToolOptions));
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(limit.toSeconds(), TimeUnit.SECONDS))
                .as("finished in time")
                .isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + output)
                .isZero();
        return output;
    }

    /** The image's flags with its /tmp volume moved into this test's directory. */
    private String inTmp(String javaToolOptions) {
        return javaToolOptions.replace("-Djava.io.tmpdir=/tmp", "-Djava.io.tmpdir=" + root);
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
