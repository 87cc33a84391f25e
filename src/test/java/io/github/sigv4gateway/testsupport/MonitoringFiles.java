package io.github.sigv4gateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The monitoring files shipped beside the chart: the Grafana dashboard and the Prometheus alert rules. */
public final class MonitoringFiles {

    public static final Path DASHBOARD = Path.of("helm/sigv4-gateway/dashboards/sigv4-gateway.json");
    public static final Path RULES = Path.of("helm/sigv4-gateway/alerts/sigv4-gateway-rules.yaml");

    private MonitoringFiles() {}

    public static JsonNode dashboard() {
        return JsonMapper.builder().build().readTree(read(DASHBOARD));
    }

    /** The PromQL of every panel target and of every query variable of the dashboard. */
    public static List<String> dashboardQueries() {
        JsonNode dashboard = dashboard();
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asString())) {
                queries.add(variable.path("query").path("query").asString());
            }
        }
        return queries;
    }

    /** Every rule of the rule file, in order, as parsed YAML. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> alertRules() {
        Map<String, Object> file = new Yaml().load(read(RULES));
        return ((List<Map<String, Object>>) file.get("groups"))
                .stream()
                        .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                        .toList();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
