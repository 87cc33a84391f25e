package io.github.sigv4gateway.deploy;

import static io.github.sigv4gateway.deploy.Manifests.at;
import static io.github.sigv4gateway.deploy.Manifests.list;
import static io.github.sigv4gateway.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.github.sigv4gateway.testsupport.ExternalTools;
import io.github.sigv4gateway.testsupport.MonitoringFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chart's PrometheusRule and dashboard ConfigMap carry the files beside the chart, which stay their one
 * source: rendered without overrides they are those files (but for the scrape job), with overrides only the
 * overridden fields change.
 */
class HelmChartMonitoringIntegrationTests {

    static final String TARGET_DOWN = "SigV4GatewayTargetDown";

    static Map<String, Map<String, Object>> renderedRules(Manifests manifests) {
        Map<String, Map<String, Object>> byAlert = new LinkedHashMap<>();
        for (Map<String, Object> group : list(map(manifests.one("PrometheusRule"), "spec"), "groups")) {
            for (Map<String, Object> rule : list(group, "rules")) {
                byAlert.put((String) rule.get("alert"), rule);
            }
        }
        return byAlert;
    }

    @Test
    void prometheusRule_withoutOverrides_isTheRuleFile_watchingTheReleasesJob() {
        Manifests manifests = new Manifests(new Helm(HelmChartIntegrationTests.CHART)
                .template()
                .withName("gw")
                .withValuesFile(HelmChartIntegrationTests.CHART.resolve("ci/default-values.yaml"))
                .set("metrics.prometheusRule.enabled", "true")
                .call());
        Map<String, Map<String, Object>> rendered = renderedRules(manifests);
        assertThat(rendered).hasSameSizeAs(MonitoringFiles.alertRules());
        for (Map<String, Object> rule : MonitoringFiles.alertRules()) {
            Map<String, Object> expected = new LinkedHashMap<>(rule);
            if (TARGET_DOWN.equals(rule.get("alert"))) {
                expected.put("expr", "up{job=\"gw-sigv4-gateway\"} == 0");
            }
            assertThat(rendered.get((String) rule.get("alert"))).isEqualTo(expected);
        }
    }

    @Test
    void prometheusRule_appliesTheValuesOverrides_toTheNamedAlertsOnly() {
        Map<String, Map<String, Object>> rendered =
                renderedRules(HelmChartIntegrationTests.render("metrics-values.yaml"));
        Map<String, Map<String, Object>> file = new LinkedHashMap<>();
        MonitoringFiles.alertRules().forEach(rule -> file.put((String) rule.get("alert"), rule));

        assertThat(rendered)
                .doesNotContainKey("SigV4GatewayBodyMemoryNearLimit")
                .hasSize(file.size() - 1);
        Map<String, Object> ratio = rendered.get("SigV4GatewayHigh5xxRatio");
        assertThat((String) ratio.get("expr"))
                .endsWith("> 0.01")
                .isEqualTo(((String) file.get("SigV4GatewayHigh5xxRatio").get("expr")).replace("> 0.05", "> 0.01"));
        assertThat(ratio.get("for")).isEqualTo("10m");
        assertThat(at(rendered.get("SigV4GatewayNoCredentials"), "labels.severity"))
                .isEqualTo("warning");
        assertThat(rendered.get("SigV4GatewayCredentialsExpiring"))
                .isEqualTo(file.get("SigV4GatewayCredentialsExpiring"));
        assertThat(rendered.get("SigV4GatewayRejecting5xx")).isEqualTo(file.get("SigV4GatewayRejecting5xx"));
    }

    @Test
    void prometheusRule_withOverrides_passesPromtoolCheck(@TempDir Path dir) throws IOException {
        ExternalTools.require("promtool (Debian package prometheus)", "promtool", "--version");
        Map<String, Object> spec =
                map(HelmChartIntegrationTests.render("metrics-values.yaml").one("PrometheusRule"), "spec");
        Path file = dir.resolve("rendered-rules.yaml");
        Files.writeString(file, new Yaml().dump(spec));
        String out = ExternalTools.run(List.of("promtool", "check", "rules", file.toString()), "");
        assertThat(out).contains("SUCCESS: " + (MonitoringFiles.alertRules().size() - 1) + " rules found");
    }

    @Test
    void grafanaDashboard_configMapCarriesTheDashboardFile_forGrafanasSidecar() throws IOException {
        Manifests manifests = HelmChartIntegrationTests.render("metrics-values.yaml");
        Map<String, Object> dashboard = manifests.ofKind("ConfigMap").stream()
                .filter(config -> "1".equals(at(config, "metadata.labels.grafana_dashboard")))
                .findFirst()
                .orElseThrow();
        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.readTree((String) map(dashboard, "data").get("sigv4-gateway.json")))
                .isEqualTo(json.readTree(Files.readString(MonitoringFiles.DASHBOARD)));
    }
}
