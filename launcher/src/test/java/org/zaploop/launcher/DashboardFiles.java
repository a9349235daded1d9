package org.zaploop.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Grafana dashboards Compose provisions (dashboards/grafana/provisioning/dashboards/*.json), read as JSON, and
 * every PromQL expression of every panel with Grafana's variables substituted so that Prometheus can run it.
 */
public final class DashboardFiles {

    /** Where Compose mounts the dashboards from (the provider in zaploop.yml reads this folder). */
    public static final Path DIR = Path.of("..").toAbsolutePath().normalize()
            .resolve("dashboards/grafana/provisioning/dashboards");

    /** The Grafana variables the dashboards may use, and what a test substitutes for them (1 s scrapes). */
    public static final Map<String, String> VARIABLES = Map.of(
            "$__rate_interval", "15s",
            "$__interval", "5s",
            "$__range", "5m");

    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardFiles() {
    }

    /** One dashboard file, parsed. */
    public record Dashboard(Path file, JsonNode json) {
        public String uid() {
            return json.path("uid").asText();
        }

        public String title() {
            return json.path("title").asText();
        }

        public List<JsonNode> panels() {
            List<JsonNode> out = new ArrayList<>();
            json.path("panels").forEach(out::add);
            return out;
        }
    }

    /** One query of one panel: where it is, and the expression as written in the dashboard. */
    public record Query(String dashboard, String panel, String refId, String expr) {
        /** The expression with Grafana's variables replaced, ready for Prometheus' HTTP API. */
        public String promql() {
            return substitute(expr);
        }

        @Override
        public String toString() {
            return "dashboard '" + dashboard + "', panel '" + panel + "' (" + refId + "): " + expr;
        }
    }

    public static List<Path> files() {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Dashboard read(Path file) {
        try {
            return new Dashboard(file, JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("not valid JSON: " + file, e);
        }
    }

    public static List<Dashboard> all() {
        return files().stream().map(DashboardFiles::read).toList();
    }

    /** Every target expression of every panel of every dashboard. */
    public static List<Query> queries() {
        List<Query> out = new ArrayList<>();
        for (Dashboard d : all()) {
            for (JsonNode p : d.panels()) {
                for (JsonNode t : p.path("targets")) {
                    out.add(new Query(d.title(), p.path("title").asText(), t.path("refId").asText(),
                            t.path("expr").asText()));
                }
            }
        }
        return out;
    }

    public static String substitute(String expr) {
        String s = expr;
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            s = s.replace(v.getKey(), v.getValue());
        }
        return s;
    }
}
