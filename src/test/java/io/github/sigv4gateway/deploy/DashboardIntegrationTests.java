package io.github.sigv4gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.testsupport.ExternalTools;
import io.github.sigv4gateway.testsupport.MonitoringFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboard shipped beside the chart ({@code helm/sigv4-gateway/dashboards}): importable anywhere and
 * made of valid PromQL. That its queries read what the gateway publishes is MonitoringQueriesIntegrationTests'.
 */
class DashboardIntegrationTests {

    @Test
    void dashboard_takesItsDatasourceFromAVariable_soItImportsAnywhere() {
        JsonNode dashboard = MonitoringFiles.dashboard();
        List<String> variables = dashboard
                .path("templating")
                .path("list")
                .valueStream()
                .filter(v -> "datasource".equals(v.path("type").asString()))
                .map(v -> v.path("name").asString())
                .toList();
        assertThat(variables).containsExactly("datasource");
        assertThat(dashboard.path("panels").valueStream()).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
            assertThat(panel.path("targets").valueStream())
                    .isNotEmpty()
                    .allSatisfy(target -> assertThat(
                                    target.path("datasource").path("uid").asString())
                            .isEqualTo("${datasource}"));
        });
        assertThat(dashboard
                        .path("panels")
                        .valueStream()
                        .map(p -> p.path("id").asInt())
                        .distinct()
                        .count())
                .as("panel ids are unique")
                .isEqualTo(dashboard.path("panels").size());
    }

    @Test
    void dashboardQueries_areValidPromQl(@TempDir Path dir) throws IOException {
        ExternalTools.require("promtool (Debian package prometheus)", "promtool", "--version");
        // Each panel query as a recording rule, Grafana's interval variable given a value; promtool parses them.
        List<String> queries = MonitoringFiles.dashboardQueries().stream()
                .filter(query -> !query.startsWith("label_values("))
                .map(query -> query.replace("$__rate_interval", "5m"))
                .toList();
        List<Map<String, String>> rules = IntStream.range(0, queries.size())
                .mapToObj(i -> Map.of("record", "dashboard:query" + i, "expr", queries.get(i)))
                .toList();
        Path file = dir.resolve("dashboard-rules.yaml");
        DumperOptions block = new DumperOptions();
        block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(
                file, new Yaml(block).dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));
        String out = ExternalTools.run(List.of("promtool", "check", "rules", file.toString()), "");
        assertThat(out).contains("SUCCESS: " + queries.size() + " rules found");
        assertThat(queries).hasSizeGreaterThanOrEqualTo(9);
    }
}
