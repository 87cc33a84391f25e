package io.github.sigv4gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.testsupport.MonitoringFiles;
import io.github.sigv4gateway.testsupport.MotoServer;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.Scrape;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the alert rules query only metrics and labels a running gateway publishes, checked
 * against its own scrape after a forwarded request and a rejected one (so that every meter exists), and the
 * dashboard shows every meter of the gateway.
 */
class MonitoringQueriesIntegrationTests {

    /** Labels Prometheus adds to every scraped series, and its own per-target metric. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    static final String TARGET_UP = "up";

    private static FunctionUrlEmulator emulator;
    private static RunningGateway gateway;
    private static Scrape scrape;

    @BeforeAll
    static void scrapeAfterAForwardedAndARejectedRequest() throws Exception {
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add("AKIDQUERIES", "queries/Secret", "arn:aws:iam::1:user/q"))
                .start();
        gateway = RunningGateway.signingFor(
                emulator.baseUri(),
                "AKIDQUERIES",
                "queries/Secret",
                "--sigv4-gateway.max-body-size=1KB",
                "--sigv4-gateway.routes[0].id=down",
                "--sigv4-gateway.routes[0].path=/down/**",
                "--sigv4-gateway.routes[0].target=http://127.0.0.1:" + MotoServer.freePort(),
                "--sigv4-gateway.routes[0].region=us-east-1",
                "--sigv4-gateway.routes[0].service=lambda");
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(http.send(
                                    HttpRequest.newBuilder(gateway.uri("/ok")).build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(http.send(
                                    HttpRequest.newBuilder(gateway.uri("/big"))
                                            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2048]))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(413);
            // Refused, so sent again once: the retry meter exists too.
            assertThat(http.send(
                                    HttpRequest.newBuilder(gateway.uri("/down/x"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(502);
        }
        // Meters are recorded once the exchange completes, which may be just after the client has the answer.
        scrape = await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> Scrape.of(gateway),
                        s -> s.samples("sigv4_gateway_rejections_total").size() >= 2);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        emulator.close();
    }

    static Stream<String> allQueries() {
        return Stream.concat(
                MonitoringFiles.dashboardQueries().stream(),
                MonitoringFiles.alertRules().stream().map(rule -> (String) rule.get("expr")));
    }

    @Test
    void dashboardAndAlerts_readOnlyMetricsTheGatewayPublishes() {
        assertThat(allQueries()).isNotEmpty().allSatisfy(expression -> {
            PromQl query = PromQl.of(expression);
            assertThat(query.metrics()).as(expression).isNotEmpty();
            for (String metric : query.metrics()) {
                if (!metric.equals(TARGET_UP)) {
                    assertThat(scrape.names()).as("metric of %s", expression).contains(metric);
                }
            }
        });
    }

    @Test
    void dashboardAndAlerts_matchAndGroupOnlyOnLabelsTheirMetricsCarry() {
        assertThat(allQueries()).allSatisfy(expression -> {
            PromQl query = PromQl.of(expression);
            Set<String> carried = new HashSet<>(TARGET_LABELS);
            query.matchedLabelsByMetric().forEach((metric, matched) -> {
                Set<String> labels = new HashSet<>(TARGET_LABELS);
                labels.addAll(scrape.labelNames(metric));
                assertThat(labels).as("labels of %s in %s", metric, expression).containsAll(matched);
                carried.addAll(labels);
            });
            assertThat(carried).as("grouping labels of %s", expression).containsAll(query.groupingLabels());
        });
    }

    @Test
    void dashboard_showsEveryGatewayMeter() {
        Set<String> shown = new TreeSet<>();
        MonitoringFiles.dashboardQueries()
                .forEach(query -> PromQl.of(query).metrics().stream()
                        .map(MonitoringQueriesIntegrationTests::family)
                        .forEach(shown::add));
        Set<String> published = new TreeSet<>();
        scrape.names().stream()
                .filter(name -> name.startsWith("sigv4_gateway_"))
                .map(MonitoringQueriesIntegrationTests::family)
                .forEach(published::add);
        assertThat(published).as("the gateway's meters").hasSizeGreaterThanOrEqualTo(7);
        assertThat(shown).containsAll(published);
    }

    /** A meter's name without the series suffixes of timers ({@code _bucket}, {@code _count}, ...). */
    static String family(String name) {
        return name.replaceFirst("_(bucket|count|sum|max)$", "");
    }
}
