package io.github.sigv4gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A configuration mistake stops the packaged jar with its one-line message before anything slow (credentials,
 * Netty, Spring Cloud Gateway) has started: the check runs as soon as the environment is ready. On this machine
 * that is about 1.7 s from the process's start (measured by hand; the README promises a couple of seconds). Time
 * is not asserted closely here, as a loaded machine stretches any start: what proves the early check is that
 * nothing slow ran, and the bound only catches a start that went on.
 */
class ConfigurationCheckPackagedIntegrationTests {

    private static final String VALID_TARGET = "--sigv4-gateway.target=https://abc.lambda-url.us-east-1.on.aws";

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(
                        List.of(VALID_TARGET, "--sigv4-gateway.max-bodysize=1MB"),
                        "sigv4-gateway.max-bodysize: unknown key, did you mean sigv4-gateway.max-body-size?"),
                Arguments.of(
                        List.of("--sigv4-gateway.taget=https://abc.lambda-url.us-east-1.on.aws"),
                        "sigv4-gateway.taget: unknown key, did you mean sigv4-gateway.target? (from commandLineArgs)"),
                Arguments.of(
                        List.of(VALID_TARGET, "--sigv4-gateway.credentials.default.type=magic"),
                        "sigv4-gateway.credentials.default.type = 'magic': must be one of default-chain, static,"
                                + " session-token, assume-role, web-identity"),
                Arguments.of(
                        List.of(VALID_TARGET, "--sigv4-gateway.max-body-size=lots"),
                        "sigv4-gateway.max-body-size = 'lots': a size such as 6MB or 512KB"),
                Arguments.of(
                        List.of("--sigv4-gateway.target=http://abc.lambda-url.us-east-1.on.aws"),
                        "sigv4-gateway.target = 'http://abc.lambda-url.us-east-1.on.aws': must be an https:// URL"
                                + " (http:// only for local emulators"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("mistakes")
    void mistake_stopsTheJarWithinSeconds_withItsMessage(List<String> args, String message, @TempDir Path dir)
            throws Exception {
        String jar = System.getProperty("packaged.jar");
        Assumptions.assumeTrue(
                jar != null, "runs after the package phase (./mvnw verify), which passes -Dpackaged.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC",
                "-Xmx128m",
                "-jar",
                jar,
                "--server.port=0",
                "--management.server.port=0"));
        command.addAll(args);
        Path log = dir.resolve("out.log");

        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = read(log);

        assertThat(exited).as("the jar stops by itself: %s", output).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output)
                .contains("sigv4-gateway cannot start")
                .contains(message)
                .doesNotContain("Netty started")
                .doesNotContain("Credentials 'default'")
                .doesNotContain("Event loops:")
                .doesNotContain("Route 'default'");
        assertThat(millis).as("from the process's start to its exit").isLessThan(15_000);
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
