package io.github.sigv4gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.testsupport.ExternalTools;
import io.github.sigv4gateway.testsupport.MonitoringFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The alert rules shipped beside the chart ({@code helm/sigv4-gateway/alerts}), for plain Prometheus and, through
 * the chart, as a PrometheusRule: valid for Prometheus's own checker, and firing when their unit tests
 * ({@code src/test/resources/alerts}) say they should, and only then.
 */
class AlertRulesIntegrationTests {

    static final Path RULE_TESTS = Path.of("src/test/resources/alerts/sigv4-gateway-rules-test.yaml");

    static void requirePromtool() {
        ExternalTools.require("promtool (Debian package prometheus)", "promtool", "--version");
    }

    @Test
    void ruleFile_passesPromtoolCheck() {
        requirePromtool();
        String out = ExternalTools.run(List.of("promtool", "check", "rules", MonitoringFiles.RULES.toString()), "");
        assertThat(out).contains("SUCCESS: " + MonitoringFiles.alertRules().size() + " rules found");
    }

    @Test
    void alerts_fireAsTheirUnitTestsExpect() {
        requirePromtool();
        // promtool exits non-zero (and run fails) on any alert that fires when it should not, or does not when it
        // should; each alert has cases both ways.
        String out = ExternalTools.run(List.of("promtool", "test", "rules", RULE_TESTS.toString()), "");
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void everyAlert_hasAPromtoolUnitTest() throws IOException {
        String tests = Files.readString(RULE_TESTS);
        assertThat(MonitoringFiles.alertRules())
                .isNotEmpty()
                .allSatisfy(rule -> assertThat(tests)
                        .as("a promtool test of %s", rule.get("alert"))
                        .contains("alertname: " + rule.get("alert") + "\n"));
    }

    @Test
    void everyAlert_hasASeverity_aSummaryAndADescription_andEndsWithItsThreshold() {
        assertThat(MonitoringFiles.alertRules()).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule).containsKeys("alert", "expr", "for");
            assertThat(Manifests.at(rule, "labels.severity")).isIn("critical", "warning");
            assertThat((String) Manifests.at(rule, "annotations.summary")).isNotBlank();
            assertThat((String) Manifests.at(rule, "annotations.description")).isNotBlank();
            // The chart's metrics.prometheusRule.alerts.<name>.threshold replaces the expression's last number.
            assertThat(((String) rule.get("expr")).strip())
                    .as("%s", rule.get("alert"))
                    .matches("(?s).*[<>=] *[0-9.]+");
        });
    }
}
