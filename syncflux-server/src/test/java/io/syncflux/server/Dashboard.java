package io.syncflux.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard {@code dist/grafana/syncflux.json} and the metric names its PromQL uses. */
final class Dashboard {
    /** From the module directory, where surefire runs the tests. */
    static final Path FILE = Path.of("..", "dist", "grafana", "syncflux.json");

    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private Dashboard() {
    }

    /** The metric names used by the dashboard file's expressions. */
    static Set<String> metricsUsed() {
        try {
            Set<String> used = new TreeSet<>();
            for (String e : expressions(TestServers.JSON.readTree(Files.readString(FILE)))) {
                used.addAll(metricNames(e));
            }
            return used;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code expr} of a panel target (rows and nested panels included) and every variable's query. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        for (JsonNode expr : dashboard.path("panels").findValues("expr")) {
            out.add(expr.asText());
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            JsonNode q = v.path("query");
            if (v.path("type").asText().equals("query")) {
                out.add(q.isObject() ? q.path("query").asText() : q.asText());
            }
        }
        return out;
    }

    /**
     * The metric names of a PromQL expression: identifiers that are not functions (followed by a
     * parenthesis), keywords, label names (inside braces or grouping clauses), durations or variables.
     * Grafana's {@code label_values(metric, label)} gives its metric.
     */
    static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher lv = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(expr);
        if (lv.find()) {
            names.add(lv.group(1));
            return names;
        }
        String s = QUOTED.matcher(expr).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
        s = GROUPING.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\b\\d+(\\.\\d+)?[smhdwy]?\\b", " ");
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group(1);
            if (m.group(2) == null && !PROMQL_WORDS.contains(name.toLowerCase(Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }
}
