package org.zaploop.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import org.zaploop.launcher.DashboardFiles.Dashboard;
import org.zaploop.launcher.DashboardFiles.Query;
import org.zaploop.launcher.broker.EmbeddedBroker;
import org.zaploop.launcher.components.Component;
import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.launcher.components.ComponentRegistry;
import org.zaploop.launcher.components.LiveViewComponent;
import org.zaploop.launcher.metrics.MetricsServer;
import org.zaploop.launcher.metrics.ProcessMeters;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/**
 * Grafana cannot run here, so the dashboards are proven the other way round: the static checks read every dashboard
 * JSON (it parses, uids and titles are unique, every panel has the Prometheus datasource and a query, metric names
 * follow the conventions), and the live checks run the demo's components in this JVM, start a real Prometheus
 * (/usr/bin/prometheus) scraping them every second with ZapLoop's recording rules, and require every query of every
 * panel of every dashboard to return data.
 */
class DashboardQueriesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path RULES = ROOT.resolve("dashboards/prometheus/rules/zaploop.rules.yml");
    private static final Path DEMO_CONFIG = ROOT.resolve("dashboards/prometheus/prometheus-demo.yml");
    private static final String DATASOURCE_UID = "zaploop-prometheus";

    /** Metric names the dashboards may use: ZapLoop's own and those of the binders the launcher registers. */
    private static final Pattern KNOWN_PREFIX = Pattern.compile("^(zaploop|kafka|jvm|process|system)_.*");
    private static final Pattern SNAKE_CASE = Pattern.compile("^[a-z][a-z0-9]*(_[a-z0-9]+)*$");
    private static final Pattern RECORDING_RULE = Pattern.compile("^[a-z]+:[a-z0-9_]+:[a-z0-9_]+$");
    /** Units Micrometer would never put in a name: base units are seconds and bytes, and the registry adds them. */
    private static final Pattern NON_BASE_UNIT = Pattern.compile("_(ms|millis|milliseconds|us|micros|ns|nanos|minutes|percent|kb|mb)(_|$)");
    private static final Pattern COUNTER_SERIES = Pattern.compile(".*_(total|bucket|sum|count)$");
    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    // ------------------------------------------------------------------------------------------------- static

    @Test
    void everyDashboardParsesAndHasAUniqueUidAndTitle() {
        List<Path> files = DashboardFiles.files();
        assertTrue(files.size() >= 6, "expected the six dashboards in " + DashboardFiles.DIR + ", found " + files);
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Path f : files) {
            Dashboard d = DashboardFiles.read(f);
            assertFalse(d.uid().isBlank(), f + ": no uid");
            assertTrue(d.uid().length() <= 40, f + ": Grafana uids are at most 40 characters");
            assertFalse(d.title().isBlank(), f + ": no title");
            assertTrue(uids.add(d.uid()), f + ": uid '" + d.uid() + "' used twice");
            assertTrue(titles.add(d.title()), f + ": title '" + d.title() + "' used twice");
            assertTrue(d.json().path("schemaVersion").asInt() >= 36, f + ": schemaVersion");
            assertFalse(d.panels().isEmpty(), f + ": no panels");
            assertFalse(d.json().has("id") && !d.json().get("id").isNull(), f + ": provisioned dashboards carry no id");
        }
    }

    @Test
    void everyPanelHasThePrometheusDatasourceAndAQuery() {
        for (Dashboard d : DashboardFiles.all()) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : d.panels()) {
                String where = d.title() + " / " + p.path("title").asText("(untitled)");
                assertFalse(p.path("title").asText().isBlank(), d.title() + ": a panel has no title");
                assertTrue(ids.add(p.path("id").asInt(-1)), where + ": panel id not unique");
                assertTrue(Set.of("timeseries", "stat").contains(p.path("type").asText()), where + ": type " + p.path("type"));
                assertTrue(p.path("gridPos").has("w") && p.path("gridPos").has("h"), where + ": no gridPos");
                assertDatasource(p.path("datasource"), where);
                JsonNode targets = p.path("targets");
                assertTrue(targets.isArray() && targets.size() > 0, where + ": no targets");
                Set<String> refIds = new HashSet<>();
                for (JsonNode t : targets) {
                    assertDatasource(t.path("datasource"), where + " (" + t.path("refId").asText() + ")");
                    assertTrue(refIds.add(t.path("refId").asText()), where + ": refId not unique");
                    assertFalse(t.path("expr").asText().isBlank(), where + ": empty expr");
                }
            }
        }
    }

    private static void assertDatasource(JsonNode ds, String where) {
        assertEquals("prometheus", ds.path("type").asText(), where + ": datasource type");
        assertEquals(DATASOURCE_UID, ds.path("uid").asText(), where + ": datasource uid (provisioned in datasources/prometheus.yml)");
    }

    @Test
    void queriesUseOnlyKnownGrafanaVariablesAndWellNamedMetrics() {
        Set<String> rules = recordingRules().keySet();
        List<String> problems = new ArrayList<>();
        for (Query q : DashboardFiles.queries()) {
            String promql = q.promql();
            if (promql.contains("$")) {
                problems.add(q + ": a Grafana variable the test cannot substitute (known: " + DashboardFiles.VARIABLES.keySet() + ")");
            }
            if (q.expr().matches("(?s).*\\b(rate|irate|increase)\\([^\\[]*\\[\\d+[smh]\\].*")) {
                problems.add(q + ": fixed rate window; use $__rate_interval");
            }
            for (String m : metricNames(q.expr())) {
                if (RECORDING_RULE.matcher(m).matches()) {
                    if (!rules.contains(m)) {
                        problems.add(q + ": recording rule " + m + " is not defined in " + ROOT.relativize(RULES));
                    }
                    continue;
                }
                if (!SNAKE_CASE.matcher(m).matches() || !KNOWN_PREFIX.matcher(m).matches()) {
                    problems.add(q + ": metric '" + m + "' is not a known lowercase snake_case name");
                }
                if (m.startsWith("zaploop_") && NON_BASE_UNIT.matcher(m).find()) {
                    problems.add(q + ": metric '" + m + "' carries a unit other than seconds/bytes");
                }
            }
            for (String m : ratedMetrics(q.expr())) {
                if (!COUNTER_SERIES.matcher(m).matches()) {
                    problems.add(q + ": rate() of '" + m + "', which is not a counter");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void recordingRulesAndTheDemoConfigFollowTheConventions() throws IOException {
        Map<String, String> rules = recordingRules();
        assertFalse(rules.isEmpty(), "no recording rules in " + RULES);
        rules.forEach((name, expr) -> {
            assertTrue(RECORDING_RULE.matcher(name).matches(), name + ": recording rules are named level:metric:operation");
            assertTrue(name.startsWith("zaploop:"), name + ": level 'zaploop'");
            assertFalse(expr.isBlank(), name + ": no expr");
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> demo = new Yaml().load(Files.readString(DEMO_CONFIG));
        assertTrue(Files.readString(DEMO_CONFIG).contains("\"127.0.0.1:9400\""), "the demo config scrapes the demo's default metrics port");
        @SuppressWarnings("unchecked")
        List<String> ruleFiles = (List<String>) demo.get("rule_files");
        assertNotNull(ruleFiles, "prometheus-demo.yml loads the recording rules");
        boolean matched = ruleFiles.stream().anyMatch(g -> FileSystems.getDefault()
                .getPathMatcher("glob:" + DEMO_CONFIG.getParent().resolve(g)).matches(RULES));
        assertTrue(matched, "prometheus-demo.yml's rule_files " + ruleFiles + " do not match " + RULES);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> recordingRules() {
        try {
            Map<String, Object> doc = new Yaml().load(Files.readString(RULES));
            Map<String, String> out = new LinkedHashMap<>();
            for (Map<String, Object> g : (List<Map<String, Object>>) doc.get("groups")) {
                for (Map<String, Object> r : (List<Map<String, Object>>) g.get("rules")) {
                    if (r.containsKey("record")) {
                        out.put(String.valueOf(r.get("record")), String.valueOf(r.get("expr")));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The metric names in a PromQL expression: identifiers outside strings, label matchers and label lists. */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^\\]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(s);
        while (m.find()) {
            if (m.group(2) == null && !PROMQL_WORDS.contains(m.group(1).toLowerCase())) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The metrics an expression takes rate(), irate() or increase() of. */
    static Set<String> ratedMetrics(String expr) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(?:rate|irate|increase)\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(expr);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theNameParserFindsMetricsButNotLabelsOrFunctions() {
        assertEquals(Set.of("zaploop_stage_latency_seconds_bucket"), metricNames(
                "histogram_quantile(0.99, sum by (stage, le) (rate(zaploop_stage_latency_seconds_bucket{stage=\"x\"}[$__rate_interval])))"));
        assertEquals(Set.of("a_total", "b_total"), metricNames("sum(rate(a_total[1m])) / sum by (x) (rate(b_total[1m])) * 60"));
        assertEquals(Set.of("zaploop:stage_latency_seconds:p99"), metricNames("zaploop:stage_latency_seconds:p99"));
        assertEquals(Set.of("zaploop_fish_volumes"), ratedMetrics("rate(zaploop_fish_volumes[$__rate_interval])"));
    }

    // ------------------------------------------------------------------------------------------------- live

    /** The demo's components and a real Prometheus scraping them. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class AgainstARealPrometheus {

        EmbeddedBroker broker;
        ProcessMeters meters;
        MetricsServer metricsServer;
        final List<Component> running = new ArrayList<>();
        PrometheusServer prometheus;

        @BeforeAll
        void start(@TempDir Path dir) {
            requirePrometheus();
            meters = new ProcessMeters();
            metricsServer = MetricsServer.start("127.0.0.1", 0, meters.registry());
            // Prometheus first, so that it scrapes the components from their first second.
            prometheus = PrometheusServer.start(dir.resolve("prometheus"), "127.0.0.1:" + metricsServer.port(), List.of(RULES));
            broker = EmbeddedBroker.start(dir.resolve("broker"), 0);
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            }
            ComponentRegistry registry = ComponentRegistry.standard();
            ComponentContext ctx = new ComponentContext(broker.bootstrapServers(), "dashboards-test", "small",
                    dir.resolve("work"), meters.registry());
            for (String name : registry.demoNames()) {
                Component c = registry.create(name, ctx);
                c.start();
                running.add(c);
            }
            // The demo serves the live view too (on a free port here).
            LiveViewComponent view = new LiveViewComponent(ctx, "127.0.0.1", 0);
            view.start();
            running.add(view);
            Awaitility.await("Prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(prometheus::ready);
        }

        @AfterAll
        void stop() {
            if (prometheus != null) {
                prometheus.close();
            }
            for (int i = running.size() - 1; i >= 0; i--) {
                running.get(i).close();
            }
            if (metricsServer != null) {
                metricsServer.close();
            }
            if (meters != null) {
                meters.close();
            }
            if (broker != null) {
                broker.close();
            }
        }

        @Test
        @Order(1)
        void prometheusScrapesTheDemo() {
            Awaitility.await("up{job=\"zaploop\"} == 1").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> prometheus.query("up{job=\"zaploop\"} == 1").hasData());
        }

        @Test
        @Order(2)
        void theDemoConfigAndRulesPassPromtool() throws Exception {
            Assumptions.assumeTrue(Files.isExecutable(PrometheusServer.PROMTOOL), "promtool is not installed");
            Process p = new ProcessBuilder(PrometheusServer.PROMTOOL.toString(), "check", "config", DEMO_CONFIG.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool hangs");
            assertEquals(0, p.exitValue(), out);
        }

        @Test
        @Order(3)
        void everyQueryOfEveryPanelReturnsData() {
            List<Query> queries = DashboardFiles.queries();
            assertFalse(queries.isEmpty());
            // Some series exist only after a few scrapes (rates need two samples), and the Kafka binder adds
            // per-partition and per-node series about a minute after a processor starts: retry, within a bound.
            Map<Query, PrometheusServer.Answer> pending = new LinkedHashMap<>();
            queries.forEach(q -> pending.put(q, null));
            try {
                Awaitility.await("every dashboard query returns data").atMost(Duration.ofSeconds(100))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> {
                            pending.replaceAll((q, last) -> prometheus.query(q.promql()));
                            pending.values().removeIf(PrometheusServer.Answer::hasData);
                            return pending.isEmpty();
                        });
            } catch (ConditionTimeoutException e) {
                StringBuilder msg = new StringBuilder(pending.size() + " of " + queries.size()
                        + " dashboard queries return no data from a Prometheus scraping the demo:\n");
                pending.forEach((q, a) -> msg.append("  ").append(q).append("\n    -> ").append(a).append('\n'));
                msg.append("Prometheus log:\n").append(prometheus.logTail());
                fail(msg.toString());
            }
        }

        @Test
        @Order(4)
        void everyRecordingRuleProducesSeries() {
            Set<String> missing = new LinkedHashSet<>(recordingRules().keySet());
            try {
                Awaitility.await("recording rules evaluated").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            missing.removeIf(r -> prometheus.query(r).hasData());
                            return missing.isEmpty();
                        });
            } catch (ConditionTimeoutException e) {
                fail("recording rules without series: " + missing + "\n" + prometheus.logTail());
            }
        }
    }

    /** Prometheus is required: CI installs it; elsewhere the live checks are skipped with the reason. */
    private static void requirePrometheus() {
        RequiredTool.require(PrometheusServer.BINARY, "the dashboards are checked against a real Prometheus", "prometheus");
    }
}
