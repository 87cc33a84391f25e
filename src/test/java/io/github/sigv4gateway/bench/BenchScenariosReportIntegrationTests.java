package io.github.sigv4gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code bench/report.py} on the scenarios of issue 22, measurements written as {@code bench/load.sh} and
 * {@code bench/footprint.sh} write them: the HTTPS paths have targets of their own against nginx-https (not the
 * plain-HTTP nginx), the latency-bound runs are judged by what the gateway adds over going direct, and the footprint
 * profile by its RSS under load and its startup.
 */
class BenchScenariosReportIntegrationTests {

    private static final Path REPORT = Path.of("bench/report.py");

    @TempDir
    Path work;

    @Test
    void httpsTargets_compareGatewayHttpsWithNginxHttps_inTheirOwnPairedRounds() throws IOException {
        // Plain: nginx p99 2 ms, gateway 14 ms (7x). HTTPS: nginx-https 5 ms, gateway-https 12 ms (2.4x) in pairs.
        Files.writeString(
                work.resolve("scenarios.jsonl"),
                scenario("nginx", 20000, 2.0, 0)
                        + scenario("gateway", 5000, 14.0, 0)
                        + scenario("nginx-https", 15000, 5.0, 0)
                        + scenario("gateway-https", 4000, 40.0, 3),
                StandardCharsets.UTF_8);
        Files.writeString(
                work.resolve("pairs.jsonl"),
                pair("nginx-https", 1, 15000, 5.0) + pair("gateway-https", 1, 4000, 12.0),
                StandardCharsets.UTF_8);

        BenchScripts.Run run = report();

        assertThat(run.exit()).as(run.stdout()).isZero();
        JsonNode https = target(run, "HTTPS p99 GET ?query");
        assertThat(https.get("measured").asDouble()).isEqualTo(2.4);
        assertThat(https.get("status").asString()).isEqualTo("PASS");
        assertThat(https.get("basis").asString()).isEqualTo("paired rounds, median of 1");
        assertThat(target(run, "p99 GET ?query").get("measured").asDouble())
                .as("the plain target still reads the plain paths")
                .isEqualTo(7.0);
        // 3 reopened connections in a 12 s window at 4000 req/s: 0.0625 per 1000, within 0.1.
        JsonNode reopened = target(run, "HTTPS upstream connections reopened");
        assertThat(reopened.get("measured").asDouble()).isEqualTo(0.0625);
        assertThat(reopened.get("status").asString()).isEqualTo("PASS");
        assertThat(run.result()
                        .get("ratios_https_gateway_over_nginx")
                        .get("get")
                        .get("cpu_per_request")
                        .asDouble())
                .as("CPU per request, gateway-https over nginx-https")
                .isEqualTo(1.0);
        assertThat(run.stdout()).contains("HTTPS paired, GET ?query, median of 1 rounds");
    }

    @Test
    void latencyBound_judgesWhatTheGatewayAddsOverDirect_perConnectionCount() throws IOException {
        Files.writeString(
                work.resolve("latency.jsonl"),
                latency("direct", 256, 20.3, 24.0, 0)
                        + latency("gateway", 256, 21.0, 27.5, 0)
                        + latency("direct", 1024, 20.4, 25.0, 0)
                        + latency("gateway", 1024, 22.0, 40.0, 0),
                StandardCharsets.UTF_8);

        BenchScripts.Run run = report();

        assertThat(run.exit()).as(run.stdout()).isZero();
        assertThat(target(run, "latency-bound, 256 conn: gateway p50")
                        .get("status")
                        .asString())
                .isEqualTo("PASS");
        assertThat(target(run, "latency-bound, 256 conn: gateway p99")
                        .get("measured")
                        .asDouble())
                .isEqualTo(3.5);
        JsonNode p50 = target(run, "latency-bound, 1024 conn: gateway p50");
        assertThat(p50.get("measured").asDouble()).isEqualTo(1.6);
        assertThat(p50.get("status").asString()).isEqualTo("MISS");
        assertThat(target(run, "latency-bound, 1024 conn: gateway p99")
                        .get("status")
                        .asString())
                .isEqualTo("MISS");
        assertThat(target(run, "latency-bound, 1024 conn: gateway peak RSS")
                        .get("status")
                        .asString())
                .isEqualTo("PASS");
        assertThat(run.stdout()).contains("1024 conn");
    }

    @Test
    void aTimeoutInTheLatencyBoundLoad_failsTheRun() throws IOException {
        Files.writeString(
                work.resolve("latency.jsonl"),
                latency("direct", 256, 20.3, 24.0, 0) + latency("gateway", 256, 21.0, 27.5, 2),
                StandardCharsets.UTF_8);

        BenchScripts.Run run = report();

        assertThat(run.exit()).as(run.stdout()).isEqualTo(1);
        assertThat(run.result().get("latency_bound").get(0).get("errors").asInt())
                .isEqualTo(2);
    }

    @Test
    void footprintProfile_isJudgedByRssUnderLoadAndStartup_theShippedOneIsOnlyReported() throws IOException {
        Files.writeString(
                work.resolve("footprint.jsonl"),
                footprint("shipped", "[4300,4100,4500]", 230_000) + footprint("footprint", "[1900,2100,1800]", 140_000),
                StandardCharsets.UTF_8);

        BenchScripts.Run run = report();

        assertThat(run.exit()).as(run.stdout()).isZero();
        JsonNode rss = target(run, "footprint profile: RSS under load");
        assertThat(rss.get("measured").asDouble()).isEqualTo(136.7);
        assertThat(rss.get("status").asString()).isEqualTo("MISS");
        JsonNode startup = target(run, "footprint profile: startup");
        assertThat(startup.get("measured").asDouble()).isEqualTo(1900.0);
        assertThat(startup.get("status").asString()).isEqualTo("PASS");
        assertThat(run.result().get("footprint")).hasSize(2);
        assertThat(run.stdout()).containsPattern("(?m)^shipped\\s+4300 ");
    }

    private static String scenario(String path, double rps, double p99Millis, int steadyNew) {
        return String.format(
                Locale.ROOT,
                "{\"path\":\"%s\",\"shape\":\"get\",\"url\":\"http://127.0.0.1/\",\"upstream_new_connections\":%d,"
                        + "\"steady_new_connections\":%d,\"steady_pool_growth\":0,\"steady_window_s\":12,"
                        + "\"cpu_ticks\":%d,\"clk_tck\":100,\"rss_kib\":null,\"hwm_kib\":null,\"wrk\":%s}%n",
                path,
                steadyNew,
                steadyNew,
                Math.round(rps * 15 / 100),
                BenchScripts.wrk(rps, 15, p99Millis, 0));
    }

    private static String pair(String path, int round, double rps, double p99Millis) {
        return String.format(
                Locale.ROOT,
                "{\"path\":\"%s\",\"shape\":\"get\",\"round\":%d,\"cpu_ticks\":50,\"clk_tck\":100,\"wrk\":%s}%n",
                path,
                round,
                BenchScripts.wrk(rps, 10, p99Millis, 0));
    }

    private static String latency(String path, int connections, double p50Millis, double p99Millis, int timeouts) {
        String wrk = BenchScripts.wrk(1000, 15, p99Millis, timeouts)
                .replaceFirst("\"p50_us\":\\d+", "\"p50_us\":" + Math.round(p50Millis * 1000));
        return String.format(
                Locale.ROOT,
                "{\"path\":\"%s\",\"connections\":%d,\"rate\":1000,\"gateway_cpu_ticks\":300,\"clk_tck\":100,"
                        + "\"rss_kib\":240000,\"hwm_kib\":260000,\"wrk\":%s}%n",
                path,
                connections,
                wrk);
    }

    private static String footprint(String profile, String startupMillis, int loadRssKib) {
        return String.format(
                Locale.ROOT,
                "{\"profile\":\"%s\",\"flags\":\"-XX:X\",\"startup_ms\":%s,\"ready_ms\":4000,\"ready_rss_kib\":120000,"
                        + "\"idle_rss_kib\":118000,\"load_rss_kib\":%d,\"hwm_kib\":%d,\"get_cpu_ticks\":900,"
                        + "\"clk_tck\":100,\"errors\":0,\"leaks\":0,\"aot_warnings\":0,\"get\":%s,\"post4k\":%s}%n",
                profile,
                startupMillis,
                loadRssKib,
                loadRssKib + 4000,
                BenchScripts.wrk(3000, 15, 20.0, 0),
                BenchScripts.wrk(2500, 15, 25.0, 0));
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
}
