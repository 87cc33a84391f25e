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
 * {@code bench/ab_report.py}, the summary of {@code bench/run --ab}, run by python3 on rounds written as
 * {@code bench/ab.sh} writes them: medians per side, the pairs B won, and the JVM's own account of a side's memory
 * when that side ran with native memory tracking.
 */
class AbReportIntegrationTests {

    private static final Path REPORT = Path.of("bench/ab_report.py");

    /** The head of a real {@code jcmd VM.native_memory summary} from a gateway after an A/B run (JDK 25). */
    private static final String NMT_SUMMARY = """
            4685:

            Native Memory Tracking:

            (Omitting categories weighting less than 1KB)

            Total: reserved=1633205KB, committed=203649KB
                   malloc: 32889KB #116688, peak=58979KB #97455
                   mmap:   reserved=1600316KB, committed=170760KB

            -                 Java Heap (reserved=131072KB, committed=65920KB)
                                        (mmap: reserved=131072KB, committed=65920KB, at peak)

            -                     Class (reserved=1049407KB, committed=1279KB)
                                        (classes #12752)

            -                      Code (reserved=260680KB, committed=33180KB)
                                        (malloc=1544KB tag=Code #18711) (peak=1631KB #19049)

            -                     Other (reserved=12426KB, committed=12426KB)
                                        (malloc=12426KB tag=Other #93) (peak=25190KB #131)

            -        Shared class space (reserved=81920KB, committed=76688KB, readonly=0KB)
                                        (mmap: reserved=81920KB, committed=76688KB, at peak)

            -                 Metaspace (reserved=65613KB, committed=4877KB)
                                        (mmap: reserved=65613KB, committed=4877KB)
            """;

    @TempDir
    Path work;

    @Test
    void mediansAndPairsPerSide() throws IOException {
        // B is ahead in req/s in rounds 1 and 3 and has the lower p99 in round 2 only.
        rounds(
                "get",
                new double[] {4000, 4200, 3900},
                new double[] {12, 11, 14},
                new double[] {4100, 4100, 4000},
                new double[] {13, 10, 15});
        sides("", "");

        BenchScripts.Run run = BenchScripts.run(REPORT, work);

        assertThat(run.exit()).as(run.stdout()).isZero();
        JsonNode get = run.result().get("shapes").get("get");
        assertThat(get.get("a").get("median").get("rps").asDouble()).isEqualTo(4000);
        assertThat(get.get("b").get("median").get("rps").asDouble()).isEqualTo(4100);
        assertThat(get.get("pairs").asInt()).isEqualTo(3);
        assertThat(get.get("b_more_rps").asInt()).isEqualTo(2);
        assertThat(get.get("b_lower_p99").asInt()).isEqualTo(1);
        assertThat(run.stdout()).contains("B lower p99 in 1 of 3 pairs, more req/s in 2");
    }

    @Test
    void aSideWithNativeMemoryTracking_reportsWhereItsMemoryWent() throws IOException {
        rounds("get", new double[] {4000}, new double[] {12}, new double[] {4100}, new double[] {13});
        sides("", "-XX:NativeMemoryTracking=summary");
        Files.writeString(work.resolve("nmt-b.txt"), NMT_SUMMARY, StandardCharsets.UTF_8);

        BenchScripts.Run run = BenchScripts.run(REPORT, work);

        assertThat(run.exit()).as(run.stdout()).isZero();
        assertThat(run.result().get("sides").get("a").has("native_memory")).isFalse();
        JsonNode memory = run.result().get("sides").get("b").get("native_memory");
        assertThat(memory.get("committed_kib").asLong()).isEqualTo(203649);
        JsonNode categories = memory.get("categories_kib");
        assertThat(categories.get("Java Heap").asLong()).isEqualTo(65920);
        assertThat(categories.get("Shared class space").asLong()).isEqualTo(76688);
        assertThat(categories.get("Code").asLong()).isEqualTo(33180);
        assertThat(categories.propertyNames()).first().isEqualTo("Shared class space");
        assertThat(run.stdout())
                .contains("A: flags '', RSS 230 MiB after the rounds\n")
                .contains("B: flags '-XX:NativeMemoryTracking=summary', RSS 223 MiB after the rounds; JVM committed "
                        + "198 MiB (Shared class space 74, Java Heap 64, Code 32, Other 12, Metaspace 4)");
    }

    @Test
    void aSummaryWithoutItsTotal_isLeftOut() throws IOException {
        rounds("get", new double[] {4000}, new double[] {12}, new double[] {4100}, new double[] {13});
        sides("", "-XX:NativeMemoryTracking=summary");
        // What jcmd leaves when the JVM runs without tracking.
        Files.writeString(
                work.resolve("nmt-b.txt"), "4685:\nNative memory tracking is not enabled\n", StandardCharsets.UTF_8);

        BenchScripts.Run run = BenchScripts.run(REPORT, work);

        assertThat(run.exit()).as(run.stdout()).isZero();
        assertThat(run.result().get("sides").get("b").has("native_memory")).isFalse();
        assertThat(run.stdout()).doesNotContain("JVM committed");
    }

    private void rounds(String shape, double[] rpsA, double[] p99A, double[] rpsB, double[] p99B) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < rpsA.length; i++) {
            lines.append(roundLine("a", shape, i + 1, rpsA[i], p99A[i]));
            lines.append(roundLine("b", shape, i + 1, rpsB[i], p99B[i]));
        }
        Files.writeString(work.resolve("ab.jsonl"), lines, StandardCharsets.UTF_8);
    }

    /** Both sides' end-of-run lines: A at 230 MiB, B at 223 MiB, no log errors. */
    private void sides(String flagsA, String flagsB) throws IOException {
        Files.writeString(
                work.resolve("ab-sides.jsonl"),
                sideLine("a", flagsA, 230) + sideLine("b", flagsB, 223),
                StandardCharsets.UTF_8);
    }

    private static String roundLine(String side, String shape, int round, double rps, double p99Millis) {
        return String.format(
                Locale.ROOT,
                "{\"side\":\"%s\",\"shape\":\"%s\",\"round\":%d,\"cpu_ticks\":150," + "\"clk_tck\":100,\"wrk\":%s}%n",
                side,
                shape,
                round,
                BenchScripts.wrk(rps, 10, p99Millis, 0));
    }

    private static String sideLine(String side, String flags, int rssMib) {
        return String.format(
                Locale.ROOT,
                "{\"side\":\"%s\",\"flags\":\"%s\",\"rss_kib\":%d,\"hwm_kib\":%d," + "\"errors\":0,\"leaks\":0}%n",
                side,
                flags,
                rssMib * 1024,
                rssMib * 1024 + 4096);
    }
}
