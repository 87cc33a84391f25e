package io.github.sigv4gateway.observability;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PromQL expression reads: metric names, the label names its selectors match on and the label names it
 * groups by. Enough of PromQL's lexical rules for the dashboard's and the alert rules' queries, not a parser.
 */
record PromQl(Map<String, Set<String>> matchedLabelsByMetric, Set<String> groupingLabels) {

    private static final Pattern LABEL_VALUES = Pattern.compile("\\s*label_values\\((.*),\\s*(\\w+)\\s*\\)\\s*");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern BRACES_OR_RANGE = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    /** Operators and aggregations, which look like names; functions are told by the parenthesis after them. */
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "sum",
            "min",
            "max",
            "avg",
            "count",
            "group",
            "stddev",
            "stdvar",
            "topk",
            "bottomk",
            "quantile",
            "count_values",
            "Inf",
            "NaN",
            "inf",
            "nan");

    static PromQl of(String expression) {
        Set<String> grouping = new LinkedHashSet<>();
        // Grafana's variable query label_values(selector, label) reads the label of the selector's series.
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.matches()) {
            expression = labelValues.group(1);
            grouping.add(labelValues.group(2));
        }
        String rest = STRING.matcher(expression).replaceAll("\"\"");
        Map<String, Set<String>> metrics = new LinkedHashMap<>();
        Matcher selector = SELECTOR.matcher(rest);
        while (selector.find()) {
            Set<String> labels = metrics.computeIfAbsent(selector.group(1), name -> new LinkedHashSet<>());
            Matcher matcher = MATCHER.matcher(selector.group(2));
            while (matcher.find()) {
                labels.add(matcher.group(1));
            }
        }
        rest = BRACES_OR_RANGE.matcher(rest).replaceAll(" ");
        Matcher group = GROUPING.matcher(rest);
        while (group.find()) {
            for (String label : group.group(1).split(",")) {
                if (!label.isBlank()) {
                    grouping.add(label.strip());
                }
            }
        }
        rest = GROUPING.matcher(rest).replaceAll(" ");
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            boolean function = identifier.group(2) != null;
            if (!function && !KEYWORDS.contains(identifier.group(1))) {
                metrics.computeIfAbsent(identifier.group(1), name -> new LinkedHashSet<>());
            }
        }
        return new PromQl(metrics, grouping);
    }

    Set<String> metrics() {
        return matchedLabelsByMetric.keySet();
    }
}
