package io.github.sigv4gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.Scrape;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request and signing timers publish histogram buckets on the management port, bounded by the defaults of
 * application.yaml and with service-level-objective boundaries a user sets with Spring Boot's own keys.
 */
class PrometheusHistogramsIntegrationTests {

    static final String KEY = "AKIDHISTOGRAMTEST";
    static final String SECRET = "histogram/Secret+Key";
    /** Percentile buckets for 1 ms..60 s are 73, plus the SLO boundaries and +Inf; unbounded would be ~270. */
    static final int MAX_BUCKETS_PER_SERIES = 80;

    private static FunctionUrlEmulator emulator;
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * One emulator per gateway: the emulator serves on Reactor Netty's global loops, which a gateway disposes as it
     * closes.
     */
    @BeforeEach
    void startEmulator() {
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add(KEY, SECRET, "arn:aws:iam::123456789012:user/histogram"))
                .start();
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    static RunningGateway gateway(String... extra) {
        return RunningGateway.signingFor(emulator.baseUri(), KEY, SECRET, extra);
    }

    /** Sends one GET through the gateway and scrapes once its request has been recorded. */
    static Scrape afterOneRequest(RunningGateway gateway) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(gateway.uri("/hist")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        // Meters are recorded once the exchange completes, which may be just after the client has the answer.
        return await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> Scrape.of(gateway),
                        scrape -> !scrape.samples("sigv4_gateway_requests_seconds_count")
                                .isEmpty());
    }

    /** The {@code le} values of each series of {@code bucketName}, keyed by the series' other labels. */
    static Map<Map<String, String>, List<String>> bucketsBySeries(Scrape scrape, String bucketName) {
        return scrape.samples(bucketName).stream()
                .collect(Collectors.groupingBy(
                        sample -> {
                            Map<String, String> series = new HashMap<>(sample.labels());
                            series.remove("le");
                            return series;
                        },
                        Collectors.mapping(sample -> sample.labels().get("le"), Collectors.toList())));
    }

    static double largestFinite(List<String> les) {
        return les.stream()
                .filter(le -> !le.equals("+Inf"))
                .mapToDouble(Double::parseDouble)
                .max()
                .orElseThrow();
    }

    static double smallestFinite(List<String> les) {
        return les.stream()
                .filter(le -> !le.equals("+Inf"))
                .mapToDouble(Double::parseDouble)
                .min()
                .orElseThrow();
    }

    @Test
    void requestAndSigningTimers_publishBuckets_boundedByTheExpectedValues_withTheDefaultSlos() throws Exception {
        try (RunningGateway gateway = gateway()) {
            Scrape scrape = afterOneRequest(gateway);

            Map<Map<String, String>, List<String>> requests =
                    bucketsBySeries(scrape, "sigv4_gateway_requests_seconds_bucket");
            assertThat(requests)
                    .containsKey(Map.of(
                            "route",
                            "default",
                            "method",
                            "GET",
                            "status",
                            "200",
                            "outcome",
                            "success",
                            "client",
                            "anonymous"));
            requests.values().forEach(les -> {
                assertThat(les)
                        .contains("+Inf", "0.1", "0.5", "1.0", "5.0")
                        .hasSizeLessThanOrEqualTo(MAX_BUCKETS_PER_SERIES);
                assertThat(smallestFinite(les)).isEqualTo(0.001);
                assertThat(largestFinite(les)).isEqualTo(60.0);
            });

            Map<Map<String, String>, List<String>> signing =
                    bucketsBySeries(scrape, "sigv4_gateway_signing_seconds_bucket");
            assertThat(signing).containsOnlyKeys(Map.of("route", "default"));
            List<String> les = signing.get(Map.of("route", "default"));
            assertThat(les).contains("+Inf").hasSizeLessThanOrEqualTo(MAX_BUCKETS_PER_SERIES);
            assertThat(smallestFinite(les)).isEqualTo(1.0E-5);
            assertThat(largestFinite(les)).isEqualTo(0.1);
        }
    }

    @Test
    void userSetSloBoundary_isPublishedAsABucket_inPlaceOfTheDefaultOnes() throws Exception {
        try (RunningGateway gateway = gateway("--management.metrics.distribution.slo.sigv4.gateway.requests=250ms")) {
            Scrape scrape = afterOneRequest(gateway);
            Map<Map<String, String>, List<String>> requests =
                    bucketsBySeries(scrape, "sigv4_gateway_requests_seconds_bucket");
            assertThat(requests).isNotEmpty();
            requests.values()
                    .forEach(les -> assertThat(les)
                            .contains("0.25")
                            .doesNotContain("5.0")
                            .hasSizeLessThanOrEqualTo(MAX_BUCKETS_PER_SERIES));
            // Cumulative buckets: the +Inf one counts every request, as _count does.
            double count = scrape.samples("sigv4_gateway_requests_seconds_count")
                    .getFirst()
                    .value();
            assertThat(scrape.samples("sigv4_gateway_requests_seconds_bucket"))
                    .filteredOn(sample -> "+Inf".equals(sample.labels().get("le")))
                    .singleElement()
                    .satisfies(inf -> assertThat(inf.value()).isEqualTo(count).isPositive());
        }
    }
}
