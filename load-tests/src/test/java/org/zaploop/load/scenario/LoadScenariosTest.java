package org.zaploop.load.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.load.LoadRun;
import org.zaploop.load.LoadScenario;
import org.zaploop.load.measure.Boundedness;
import org.zaploop.load.report.FlowFigures;
import org.zaploop.load.report.GroupLag;
import org.zaploop.load.report.LoadResult;
import org.zaploop.load.report.ReportWriter;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.testsupport.InJvmKafka;

/**
 * Every scenario for a few seconds at a tiny scale against a real in-JVM broker, through the real components:
 * the report (Markdown, two PNGs that decode and are not blank) is written, data went through the pipeline and came
 * back, and every consumer group's lag was sampled. No timing is asserted: whether lag stays bounded depends on the
 * machine, and is what {@code zaploop load} measures.
 */
class LoadScenariosTest {

    private static InJvmKafka kafka;

    @TempDir
    Path reports;

    @BeforeAll
    static void broker(@TempDir Path dir) throws Exception {
        kafka = InJvmKafka.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    private static final FishGeometry TINY = new FishGeometry(128, 84, 6, 6.5, 48,
            FishGeometry.ZAPBENCH_VOLUME_PERIOD_S, 300);

    private static TracesScenario traces(double rate) {
        return new TracesScenario(1500, 4, List.of("linear"), rate);
    }

    private LoadResult runAndReport(LoadScenario s, String dir) throws Exception {
        LoadRun.Outcome o = new LoadRun(s, kafka.bootstrap(), Boundedness.defaults(),
                new PrintWriter(new StringWriter()), Map.of("test", dir))
                .steady(Duration.ofSeconds(3), Duration.ofSeconds(8));
        checkReport(o, reports.resolve(dir));
        return o.result();
    }

    private static void checkReport(LoadRun.Outcome o, Path dir) throws Exception {
        Path md = ReportWriter.write(dir, o.result(), o.timelines());
        String text = Files.readString(md);
        assertTrue(text.contains("## Consumer lag") && text.contains("## End-to-end latency"), text);
        for (String png : List.of(ReportWriter.LATENCY_PNG, ReportWriter.LAG_PNG)) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertTrue(img != null && img.getWidth() > 0, png + " does not decode");
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 2) {
                for (int x = 0; x < img.getWidth(); x += 2) {
                    colours.add(img.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 4, png + " is blank");
        }
    }

    private static void flowed(LoadResult r, String flowStartsWith) {
        FlowFigures f = r.flows().stream().filter(x -> x.flow().startsWith(flowStartsWith)).findFirst()
                .orElseThrow(() -> new AssertionError("no flow '" + flowStartsWith + "' in " + r.flows()));
        assertTrue(f.records() > 0 && f.recordsPerSecond() > 0 && f.mbPerSecond() > 0, f.toString());
    }

    private static void lagSampled(LoadResult r, List<String> groups) {
        for (String g : groups) {
            GroupLag lag = r.lags().stream().filter(x -> x.group().equals(g)).findFirst()
                    .orElseThrow(() -> new AssertionError("no lag of " + g + " in " + r.lags()));
            assertTrue(lag.samples() > 0, g + " has no lag samples");
        }
    }

    @Test
    void tracesGoThroughForecastingAndTheController() throws Exception {
        LoadResult r = runAndReport(traces(1), "traces");
        flowed(r, "trace blocks sent");
        flowed(r, "forecast blocks read back");
        assertTrue(r.latencies().stream().anyMatch(l -> l.stream().equals(TracesScenario.MAIN) && l.count() > 0),
                r.latencies().toString());
        assertTrue(r.latencies().stream().anyMatch(l -> l.stream().contains("read by the controller")
                && l.count() > 0), "the controller read no forecast: " + r.latencies());
        lagSampled(r, List.of(TracesScenario.APP, TracesScenario.READER));
    }

    @Test
    void volumesGoThroughRegistrationAndExtraction() throws Exception {
        LoadResult r = runAndReport(new VolumesScenario(TINY, "tiny", 2, 4), "volumes");
        flowed(r, "planes sent");
        flowed(r, "trace blocks read back");
        lagSampled(r, List.of(VolumesScenario.APP, VolumesScenario.READER));
    }

    @Test
    void ephysClosesTheLoop() throws Exception {
        LoadResult r = runAndReport(new EphysScenario(0.010, 300), "ephys");
        flowed(r, "ephys blocks sent");
        assertTrue(r.flows().stream().anyMatch(f -> f.flow().startsWith("commands applied") && f.records() > 0),
                "no command reached the fish: " + r.flows());
        lagSampled(r, List.of(EphysScenario.GROUP));
    }

    @Test
    void mixedRunsAllAtOnce() throws Exception {
        LoadResult r = runAndReport(new MixedScenario(List.of(traces(1), new VolumesScenario(TINY, "tiny", 2, 1),
                new EphysScenario(0.010, 300))), "mixed");
        flowed(r, "trace blocks sent");
        flowed(r, "planes sent");
        flowed(r, "ephys blocks sent");
        lagSampled(r, List.of(TracesScenario.APP, VolumesScenario.APP, EphysScenario.GROUP));
    }

    @Test
    void aRampReportsEachStepAndTheHighestRateThatHeld() throws Exception {
        LoadRun.Outcome o = new LoadRun(traces(1), kafka.bootstrap(), new Boundedness(10, 1e6),
                new PrintWriter(new StringWriter()), Map.of())
                .ramp(Duration.ofSeconds(3), List.of(1.0, 2.0), Duration.ofSeconds(5));
        checkReport(o, reports.resolve("ramp"));
        LoadResult r = o.result();
        // a rule this lenient holds at any rate the source achieves: both steps judged, the second is the highest
        assertEquals(List.of(1.0, 2.0), r.ramp().stream().map(s -> s.rate()).toList(), r.ramp().toString());
        assertTrue(r.ramp().get(0).bounded(), r.ramp().toString());
        assertEquals(2.0, r.highestSustainableRate(), r.ramp().toString());
        assertFalse(o.timelines().markers().isEmpty());
    }

    @Test
    void theCommandRunsAgainstAnExistingBrokerAndPrintsOneJsonObject() throws Exception {
        StringWriter out = new StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(new org.zaploop.load.LoadCommand(() -> {
            throw new AssertionError("--bootstrap given: no embedded broker");
        }));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        int code = cl.execute("traces", "--seconds", "5", "--warmup", "2", "--neurons", "1024", "--bootstrap",
                kafka.bootstrap(), "--reports", reports.toString(), "--json");
        assertTrue(code == 0 || code == org.zaploop.load.LoadCommand.LAG_NOT_BOUNDED, "exit code " + code);
        String json = out.toString().trim();
        assertTrue(json.startsWith("{\"scenario\":\"traces\"") && json.endsWith("}") && !json.contains("\n"), json);
        try (var dirs = Files.list(reports)) {
            Path dir = dirs.filter(d -> d.getFileName().toString().startsWith("traces-")).findFirst().orElseThrow();
            assertTrue(Files.exists(dir.resolve(ReportWriter.REPORT)) && Files.exists(dir.resolve(ReportWriter.LAG_PNG)));
        }
    }
}
