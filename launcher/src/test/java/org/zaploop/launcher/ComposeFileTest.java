package org.zaploop.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import org.zaploop.launcher.components.ComponentRegistry;
import picocli.CommandLine;

/**
 * docker-compose.yml cannot be started here (no Docker engine), so this checks what can be checked without one:
 * every file it mounts or builds from exists, every zaploop command in it parses, every component it runs
 * exists, ports do not clash, and Prometheus scrapes only services that compose defines.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
        assertTrue(services.containsKey("kafka") && services.containsKey("prometheus") && services.containsKey("grafana"));
    }

    @Test
    void kafkaIsTheOfficialImageInKraftMode() {
        Map<String, Object> kafka = services.get("kafka");
        assertTrue(String.valueOf(kafka.get("image")).startsWith("apache/kafka:"));
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) kafka.get("environment");
        assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"));
        assertEquals("false", env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"), "topics come from the catalogue");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyBuildContextAndMountedFileExists() {
        for (var e : services.entrySet()) {
            Object build = e.getValue().get("build");
            if (build instanceof Map<?, ?> b) {
                Path ctx = ROOT.resolve(String.valueOf(b.get("context")));
                assertTrue(Files.isDirectory(ctx), e.getKey() + ": build context " + ctx);
                assertTrue(Files.isRegularFile(ctx.resolve(String.valueOf(b.get("dockerfile")))), e.getKey() + ": Dockerfile");
            }
            for (Object v : (List<Object>) e.getValue().getOrDefault("volumes", List.of())) {
                String host = String.valueOf(v).split(":")[0];
                if (host.startsWith("./")) {
                    assertTrue(Files.exists(ROOT.resolve(host)), e.getKey() + " mounts missing " + host);
                }
            }
        }
    }

    @Test
    void dockerfileCopiesEveryModuleOfTheBuild() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        while (m.find()) {
            assertTrue(dockerfile.contains("COPY " + m.group(1) + " "), "Dockerfile must COPY module " + m.group(1));
        }
        for (String line : dockerfile.split("\n")) {
            if (line.startsWith("COPY ") && !line.contains("--from")) {
                String src = line.split("\\s+")[1];
                assertTrue(Files.exists(ROOT.resolve(src)), "Dockerfile copies missing " + src);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyZaploopCommandParsesAndEveryComponentExists() {
        List<String> components = ComponentRegistry.standard().names();
        int zaploopServices = 0;
        for (var e : services.entrySet()) {
            if (!"zaploop:dev".equals(e.getValue().get("image"))) {
                continue;
            }
            zaploopServices++;
            List<String> args = new ArrayList<>((List<String>) e.getValue().get("command"));
            try {
                ZapLoop.commandLine().parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException ex) {
                fail(e.getKey() + ": '" + String.join(" ", args) + "' does not parse: " + ex.getMessage());
            }
            if (args.get(0).equals("run")) {
                assertTrue(components.contains(args.get(1)), e.getKey() + " runs unknown component " + args.get(1));
                assertTrue(args.contains("--bootstrap"), e.getKey() + " must name the compose broker");
            }
        }
        assertTrue(zaploopServices >= 1 + components.size(), "one service per component, plus topic provisioning");
        for (String c : components) {
            assertTrue(services.containsKey(c), "compose has no service for component " + c);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void hostPortsDoNotClashAndDependenciesExist() {
        Set<String> hostPorts = new HashSet<>();
        for (var e : services.entrySet()) {
            for (Object p : (List<Object>) e.getValue().getOrDefault("ports", List.of())) {
                String host = String.valueOf(p).split(":")[0];
                assertTrue(hostPorts.add(host), "host port " + host + " used twice");
            }
            Object deps = e.getValue().get("depends_on");
            Iterable<?> names = deps instanceof Map<?, ?> m ? m.keySet() : deps instanceof List<?> l ? l : List.of();
            for (Object d : names) {
                assertTrue(services.containsKey(String.valueOf(d)), e.getKey() + " depends on unknown " + d);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesOnlyComposeServices() throws IOException {
        Map<String, Object> prom = new Yaml().load(Files.readString(ROOT.resolve("dashboards/prometheus/prometheus.yml")));
        for (Map<String, Object> job : (List<Map<String, Object>>) prom.get("scrape_configs")) {
            for (Map<String, Object> sc : (List<Map<String, Object>>) job.get("static_configs")) {
                for (String target : (List<String>) sc.get("targets")) {
                    String host = target.split(":")[0];
                    assertTrue(services.containsKey(host), "Prometheus job " + job.get("job_name") + " scrapes unknown host " + host);
                }
            }
        }
    }
}
