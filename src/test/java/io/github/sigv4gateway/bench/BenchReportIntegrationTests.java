package io.github.sigv4gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code bench/report.py}, the benchmark's verdict, run by python3 on measurements written as {@code bench/load.sh}
 * writes them: the ratio targets come from the paired rounds of nginx and the gateway (median over median) where
 * those ran, and from the single runs where not; a failed request in a paired round fails the run.
 */
class BenchReportIntegrationTests {

    private static final Path REPORT = Path.of("bench/report.py");

    @TempDir
    Path work;

    @Test
    void ratioTargets_areTheMediansOfThePairedRounds_notTheSingleRuns() throws IOException {
        singleRuns();
        // nginx's middle round is its median (30000 req/s, p99 4 ms); the gateway's, 4000 req/s and 12 ms. The
        // single runs above would give a throughput ratio of 0.25 and a p99 ratio of 7.
        pairs(
                "get",
                new double[] {30000, 20000, 32000},
                new double[] {4.0, 6.0, 3.5},
                new double[] {4000, 3000, 5000},
                new double[] {12.0, 20.0, 10.0});

        BenchScripts.Run run = report();

        assertThat(run.exit()).as(run.stdout()).isZero();
        JsonNode get = run.result().get("paired_rounds").get("get");
        assertThat(get.get("rounds").asInt()).isEqualTo(3);
        assertThat(get.get("throughput").asDouble()).isEqualTo(0.133);
        assertThat(get.get("p99").asDouble()).isEqualTo(3.0);
        assertThat(doubles(get.get("per_round_throughput"))).containsExactly(0.133, 0.15, 0.156);
        assertThat(doubles(get.get("per_round_p99"))).containsExactly(3.0, 3.33, 2.86);

        JsonNode throughput = target(run, "throughput GET ?query");
        assertThat(throughput.get("measured").asDouble()).isEqualTo(0.133);
        assertThat(throughput.get("status").asString()).isEqualTo("MISS");
        assertThat(throughput.get("basis").asString()).isEqualTo("paired rounds, median of 3");
        JsonNode p99 = target(run, "p99 GET ?query");
        assertThat(p99.get("measured").asDouble()).isEqualTo(3.0);
        assertThat(p99.get("status").asString()).as("3.0 is within 3 x nginx").isEqualTo("PASS");
        // The shapes without paired rounds keep the single runs' ratios, and say so.
        JsonNode post = target(run, "p99 POST 4 KiB");
        assertThat(post.get("measured").asDouble()).isEqualTo(7.0);
        assertThat(post.get("basis").asString()).isEqualTo("single runs");
        assertThat(run.stdout()).contains("paired, GET ?query, median of 3 rounds");
    }

    @Test
    void aFailedRequestInAPairedRound_failsTheRun_andCountsAsAnError() throws IOException {
        singleRuns();
        Files.writeString(
                work.resolve("pairs.jsonl"),
                pairLine("nginx", "get", 1, 30000, 4.0, 0) + pairLine("gateway", "get", 1, 4000, 12.0, 7),
                StandardCharsets.UTF_8);

        BenchScripts.Run run = report();

        assertThat(run.exit()).as(run.stdout()).isEqualTo(1);
        assertThat(run.result().get("errors").asBoolean()).isTrue();
        JsonNode errors = target(run, "zero errors");
        assertThat(errors.get("measured").asInt()).isEqualTo(7);
        assertThat(errors.get("status").asString()).isEqualTo("MISS");
    }

    @Test
    void withoutPairedRounds_theSingleRunsDecide() throws IOException {
        singleRuns();

        BenchScripts.Run run = report();

        assertThat(run.exit()).as(run.stdout()).isZero();
        assertThat(run.result().get("paired_rounds").isEmpty()).isTrue();
        JsonNode throughput = target(run, "throughput GET ?query");
        assertThat(throughput.get("measured").asDouble()).isEqualTo(0.25);
        assertThat(throughput.get("basis").asString()).isEqualTo("single runs");
    }

    /** nginx and the gateway measured once each, for GET and POST: ratios 0.25 (req/s) and 7 (p99). */
    private void singleRuns() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String shape : List.of("get", "post4k")) {
            lines.append(scenarioLine("nginx", shape, 20000, 2.0)).append(scenarioLine("gateway", shape, 5000, 14.0));
        }
        Files.writeString(work.resolve("scenarios.jsonl"), lines, StandardCharsets.UTF_8);
    }

    private void pairs(String shape, double[] nginxRps, double[] nginxP99, double[] gatewayRps, double[] gatewayP99)
            throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < nginxRps.length; i++) {
            lines.append(pairLine("nginx", shape, i + 1, nginxRps[i], nginxP99[i], 0));
            lines.append(pairLine("gateway", shape, i + 1, gatewayRps[i], gatewayP99[i], 0));
        }
        Files.writeString(work.resolve("pairs.jsonl"), lines, StandardCharsets.UTF_8);
    }

    private static String scenarioLine(String path, String shape, double rps, double p99Millis) {
        return String.format(
                Locale.ROOT,
                "{\"path\":\"%s\",\"shape\":\"%s\",\"url\":\"http://127.0.0.1/\","
                        + "\"upstream_new_connections\":0,\"steady_new_connections\":0,\"steady_pool_growth\":0,"
                        + "\"steady_window_s\":12,\"cpu_ticks\":100,\"clk_tck\":100,\"rss_kib\":null,\"hwm_kib\":null,"
                        + "\"wrk\":%s}%n",
                path,
                shape,
                BenchScripts.wrk(rps, 15, p99Millis, 0));
    }

    private static String pairLine(String path, String shape, int round, double rps, double p99Millis, int timeouts) {
        return String.format(
                Locale.ROOT,
                "{\"path\":\"%s\",\"shape\":\"%s\",\"round\":%d,\"cpu_ticks\":50," + "\"clk_tck\":100,\"wrk\":%s}%n",
                path,
                shape,
                round,
                BenchScripts.wrk(rps, 10, p99Millis, timeouts));
    }

    private BenchScripts.Run report() throws IOException {
        return BenchScripts.run(REPORT, work, "--mode", "load");
    }

    private static JsonNode target(BenchScripts.Run run, String prefix) {
        for (JsonNode target : run.result().get("targets")) {
            if (target.get("target").asString().startsWith(prefix)) {
                return target;
            }
        }
        throw new AssertionError(
                "no target starting with '" + prefix + "' in " + run.result().get("targets"));
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asDouble()));
        return values;
    }
}
