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
 * {@code bench/soak_report.py}, the verdict of {@code bench/run --soak}, run by python3 on minutes written as
 * {@code bench/soak.sh} writes them: a failed GET fails the soak and a failed POST does not (a POST whose upstream
 * connection was reset is answered 502, not sent again), RSS may grow at most 10% after the first minute, the
 * credentials must be refreshed every minute, and the per-minute figures are the deltas of the gateway's counters.
 */
class SoakReportIntegrationTests {

    private static final Path REPORT = Path.of("bench/soak_report.py");

    @TempDir
    Path work;

    private final StringBuilder rows = new StringBuilder();

    @Test
    void aCleanSoak_passes_withPerMinuteDeltas() throws IOException {
        minute(0, 190, null, null, 0, 0, 1);
        minute(1, 200, get(4800, 0), post(1200, 0), 2, 3, 2);
        minute(2, 204, get(4800, 0), post(1200, 2), 5, 7, 3);
        minute(3, 209, get(4800, 0), post(1200, 0), 5, 10, 4);

        BenchScripts.Run run = report();

        assertThat(run.exit()).as(run.stdout()).isZero();
        assertThat(statuses(run)).containsExactly("PASS", "PASS", "PASS", "PASS");
        JsonNode second = run.result().get("minutes").get(1);
        assertThat(second.get("retries").asInt())
                .as("5 - 2, budget-exhausted ones apart")
                .isEqualTo(3);
        assertThat(second.get("retries_refused").asInt()).isEqualTo(1);
        assertThat(second.get("refreshes").asInt()).isEqualTo(1);
        assertThat(second.get("gc_count").asInt()).isEqualTo(4);
        assertThat(second.get("upstream_resets").asInt()).isEqualTo(60);
        assertThat(second.get("methods").get("POST").get("statuses").get("502").asInt())
                .isEqualTo(2);
        assertThat(second.get("p99_ms").asDouble())
                .as("the higher of GET's and POST's")
                .isEqualTo(9.0);
        JsonNode summary = run.result().get("summary");
        assertThat(summary.get("requests").asInt())
                .as("three minutes of 6000, two POSTs answered 502 among them")
                .isEqualTo(18002);
        assertThat(summary.get("post_errors").asInt()).isEqualTo(2);
        assertThat(summary.get("rss_mib").get("start").asDouble()).isEqualTo(190);
        assertThat(summary.get("rss_mib").get("middle").asDouble()).isEqualTo(204);
        assertThat(summary.get("rss_mib").get("end").asDouble()).isEqualTo(209);
        assertThat(run.stdout()).contains("PASS  RSS growth <= 10% after warm-up (minute 1): +4.5% (200 -> 209 MiB)");
    }

    @Test
    void aFailedGet_failsTheSoak() throws IOException {
        minute(0, 190, null, null, 0, 0, 1);
        minute(1, 200, get(4800, 0), post(1200, 0), 0, 0, 2);
        minute(2, 200, get(4797, 3), post(1200, 0), 0, 0, 3);

        BenchScripts.Run run = report();

        assertThat(run.exit()).as(run.stdout()).isEqualTo(1);
        assertThat(check(run, "0 client-visible errors").get("status").asString())
                .isEqualTo("MISS");
        assertThat(check(run, "0 client-visible errors").get("measured").asString())
                .isEqualTo("3 GET errors");
        assertThat(run.result()
                        .get("minutes")
                        .get(1)
                        .get("methods")
                        .get("GET")
                        .get("reasons")
                        .get("upstream-reset")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void rssGrowingMoreThanTenPercentAfterTheFirstMinute_failsTheSoak_growthBeforeItDoesNot() throws IOException {
        // 150 -> 200 MiB in the first minute is warm-up; 200 -> 221 after it is 10.5%.
        minute(0, 150, null, null, 0, 0, 1);
        minute(1, 200, get(4800, 0), post(1200, 0), 0, 0, 2);
        minute(2, 221, get(4800, 0), post(1200, 0), 0, 0, 3);

        BenchScripts.Run run = report();

        assertThat(run.exit()).as(run.stdout()).isEqualTo(1);
        JsonNode rss = check(run, "RSS growth");
        assertThat(rss.get("status").asString()).isEqualTo("MISS");
        assertThat(rss.get("measured").asString()).isEqualTo("+10.5% (200 -> 221 MiB)");
    }

    @Test
    void credentialsNotRefreshed_failTheSoak() throws IOException {
        minute(0, 190, null, null, 0, 0, 1);
        minute(1, 200, get(4800, 0), post(1200, 0), 0, 0, 1);
        minute(2, 200, get(4800, 0), post(1200, 0), 0, 0, 1);
        minute(3, 200, get(4800, 0), post(1200, 0), 0, 0, 1);

        BenchScripts.Run run = report();

        assertThat(run.exit()).as(run.stdout()).isEqualTo(1);
        assertThat(check(run, "credentials refreshed").get("measured").asString())
                .isEqualTo("0 refreshes, 0 failures in 3 min");
    }

    @Test
    void oneMinute_cannotJudgeGrowth_andAMinuteWithoutAResult_fails() throws IOException {
        minute(0, 190, null, null, 0, 0, 1);
        minute(1, 200, get(4800, 0), null, 0, 0, 2);

        BenchScripts.Run run = report();

        assertThat(run.exit()).as(run.stdout()).isEqualTo(1);
        assertThat(check(run, "RSS growth").get("status").asString()).isEqualTo("n/a");
        assertThat(check(run, "0 client-visible errors").get("measured").asString())
                .isEqualTo("0 GET errors; no wrk result in minute(s) [1]");
    }

    /** wrk.lua-style results of one method for a minute; {@code errors} answered 502 by the gateway. */
    private static String get(int requests, int errors) {
        return wrkLine("GET", requests, errors, 6.0);
    }

    private static String post(int requests, int errors) {
        return wrkLine("POST", requests, errors, 9.0);
    }

    private static String wrkLine(String method, int requests, int errors, double p99Millis) {
        String statuses = errors == 0 ? "{}" : "{\"502\":" + errors + "}";
        String reasons = errors == 0 ? "{}" : "{\"upstream-reset\":" + errors + "}";
        return String.format(
                Locale.ROOT,
                "{\"method\":\"%s\",\"requests\":%d,\"duration_us\":57000000,\"connect_errors\":0,\"read_errors\":0,"
                        + "\"write_errors\":0,\"status_errors\":%d,\"timeouts\":0,\"p50_us\":900,\"p99_us\":%d,"
                        + "\"p999_us\":20000,\"max_us\":40000,\"statuses\":%s,\"reasons\":%s}",
                method,
                requests + errors,
                errors,
                Math.round(p99Millis * 1000),
                statuses,
                reasons);
    }

    /**
     * One minute's sample, counters cumulative as the gateway and nginx report them: {@code retries} re-sent
     * requests (plus one refused by the budget from minute 2 on), {@code gcs} collections, {@code refreshes}
     * successful credential refreshes; the upstream's counters grow by 6000 requests and 60 resets a minute.
     */
    private void minute(int minute, int rssMib, String get, String post, int retries, int gcs, int refreshes)
            throws IOException {
        String prometheus = "# HELP sigv4_gateway_upstream_retries_total Requests sent again\n"
                + "# TYPE sigv4_gateway_upstream_retries_total counter\n"
                + "sigv4_gateway_upstream_retries_total{outcome=\"sent\",reason=\"upstream-reset\",route=\"default\"} "
                + retries + ".0\n"
                + (minute >= 2
                        ? "sigv4_gateway_upstream_retries_total{outcome=\"budget-exhausted\",reason=\"upstream-reset\","
                                + "route=\"default\"} 1.0\n"
                        : "")
                + "sigv4_gateway_credentials_refreshes_total{entry=\"default\",outcome=\"success\"} " + refreshes
                + ".0\n"
                + "sigv4_gateway_credentials_refreshes_total{entry=\"default\",outcome=\"failure\"} 0.0\n"
                + "jvm_gc_pause_seconds_count{action=\"end of minor GC\",cause=\"Allocation Failure\",gc=\"Copy\"} "
                + gcs + "\n"
                + "jvm_gc_pause_seconds_sum{action=\"end of minor GC\",cause=\"Allocation Failure\",gc=\"Copy\"} "
                + gcs * 0.004 + "\n"
                + "jvm_memory_used_bytes{area=\"heap\",id=\"eden space\"} 2.097152E7\n";
        Files.writeString(work.resolve("soak-" + minute + "-prometheus.txt"), prometheus, StandardCharsets.UTF_8);
        Files.writeString(
                work.resolve("soak-" + minute + "-upstream.txt"),
                String.format(
                        Locale.ROOT,
                        "Active connections: 25 %nserver accepts handled requests%n %d %d %d %n"
                                + "Reading: 0 Writing: 1 Waiting: 24 %n",
                        100 + minute * 40,
                        100 + minute * 40,
                        20000 + minute * 6000),
                StandardCharsets.UTF_8);
        String wrk = get == null && post == null
                ? "null"
                : "[" + (get == null ? post : post == null ? get : get + "," + post) + "]";
        rows.append(String.format(
                Locale.ROOT,
                "{\"minute\":%d,\"load_s\":57,\"rss_kib\":%d,\"hwm_kib\":%d,\"rss_anon_kib\":%d,\"dropped\":%d,"
                        + "\"prometheus\":\"soak-%d-prometheus.txt\",\"upstream_status\":\"soak-%d-upstream.txt\","
                        + "\"wrk\":%s}%n",
                minute,
                rssMib * 1024,
                rssMib * 1024 + 2048,
                rssMib * 1024 - 40960,
                minute * 60,
                minute,
                minute,
                wrk));
    }

    private BenchScripts.Run report() throws IOException {
        Files.writeString(work.resolve("soak.jsonl"), rows, StandardCharsets.UTF_8);
        Files.writeString(
                work.resolve("soak-plan.json"),
                "{\"capacity_rps\":200,\"rate_rps\":100,\"get_rps\":80,\"post_rps\":20,\"gap_s\":3}\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                work.resolve("soak-log.json"), "{\"leaks\":0,\"errors\":0,\"warnings\":0}\n", StandardCharsets.UTF_8);
        return BenchScripts.run(REPORT, work);
    }

    private static List<String> statuses(BenchScripts.Run run) {
        List<String> statuses = new ArrayList<>();
        run.result()
                .get("checks")
                .forEach(check -> statuses.add(check.get("status").asString()));
        return statuses;
    }

    private static JsonNode check(BenchScripts.Run run, String prefix) {
        for (JsonNode check : run.result().get("checks")) {
            if (check.get("check").asString().startsWith(prefix)) {
                return check;
            }
        }
        throw new AssertionError(
                "no check starting with '" + prefix + "' in " + run.result().get("checks"));
    }
}
