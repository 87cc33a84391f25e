package io.github.sigv4gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.testsupport.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the benchmark's Python reports on measurements a test wrote, as the bench scripts write them. */
final class BenchScripts {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BenchScripts() {}

    /**
     * Runs {@code script --work work --out work/result.json extraArgs...} with python3 and reads its result; the
     * test is skipped without python3 (failed under CI).
     */
    static Run run(Path script, Path work, String... extraArgs) throws IOException {
        ExternalTools.require("python3", "python3", "--version");
        Path out = work.resolve("result.json");
        List<String> command = new ArrayList<>(
                List.of("python3", script.toString(), "--work", work.toString(), "--out", out.toString()));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as(script + " finished")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(out).as(stdout).exists();
        return new Run(process.exitValue(), stdout, JSON.readTree(Files.readString(out)));
    }

    /** wrk.lua's done() line for a run of {@code seconds} at {@code rps}, latencies in microseconds. */
    static String wrk(double rps, int seconds, double p99Millis, int timeouts) {
        long p99 = Math.round(p99Millis * 1000);
        return String.format(
                Locale.ROOT,
                "{\"requests\":%d,\"duration_us\":%d,\"bytes\":%d,\"connect_errors\":0,"
                        + "\"read_errors\":0,\"write_errors\":0,\"status_errors\":0,\"timeouts\":%d,\"mean_us\":%d,"
                        + "\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,\"p999_us\":%d,\"max_us\":%d}",
                Math.round(rps * seconds),
                seconds * 1_000_000L,
                Math.round(rps * seconds * 100),
                timeouts,
                p99 / 3,
                p99 / 3,
                p99 / 2,
                p99,
                p99 * 2,
                p99 * 3);
    }

    record Run(int exit, String stdout, JsonNode result) {}
}
