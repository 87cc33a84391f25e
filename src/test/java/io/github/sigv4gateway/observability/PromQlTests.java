package io.github.sigv4gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTests {

    @Test
    void of_histogramQuantile_readsTheBucketMetric_itsMatchers_andItsGrouping() {
        PromQl query = PromQl.of("histogram_quantile(0.99, sum by (le, route) "
                + "(rate(sigv4_gateway_requests_seconds_bucket{job=~\"$job\", route=~\"a,b}\"}[$__rate_interval])))");
        assertThat(query.matchedLabelsByMetric())
                .isEqualTo(Map.of("sigv4_gateway_requests_seconds_bucket", Set.of("job", "route")));
        assertThat(query.groupingLabels()).containsExactlyInAnyOrder("le", "route");
    }

    @Test
    void of_binaryOperations_readEverySide_andBareMetricNames() {
        PromQl query = PromQl.of("increase(sigv4_gateway_credentials_refreshes_total{outcome=\"failure\"}[15m]) > 0\n"
                + "and ignoring (outcome) sigv4_gateway_credentials_expiry_seconds < 300 or up == 0");
        assertThat(query.metrics())
                .containsExactlyInAnyOrder(
                        "sigv4_gateway_credentials_refreshes_total", "sigv4_gateway_credentials_expiry_seconds", "up");
        assertThat(query.groupingLabels()).containsExactly("outcome");
    }

    @Test
    void of_grafanaLabelValues_readsTheSelector_andTheLabel() {
        PromQl query = PromQl.of("label_values(sigv4_gateway_requests_seconds_count{job=~\"$job\"}, route)");
        assertThat(query.matchedLabelsByMetric())
                .isEqualTo(Map.of("sigv4_gateway_requests_seconds_count", Set.of("job")));
        assertThat(query.groupingLabels()).containsExactly("route");
    }
}
