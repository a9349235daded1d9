package org.zaploop.processors.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

class BenchForecastCommandTest {

    @TempDir
    Path dir;

    @Test
    void scoresAnArchiveAndPlots() throws Exception {
        Path arch = dir.resolve("fish");
        int frames = 3000;
        int neurons = 40;
        ArchiveMeta meta = new ArchiveMeta("fish-01", 8, 8, 2, 1, 1, 1, 0.9141, neurons, 0, 0, Map.of());
        SplittableRandom r = new SplittableRandom(4);
        try (SessionArchive a = SessionArchive.create(arch, meta)) {
            double[] v = new double[neurons];
            for (int f = 0; f < frames; f++) {
                if (f % 333 == 0) {
                    a.appendEvent(new RigEvent("fish-01", f, RigEventKind.CONDITION, (long) f, Math.min(8, f / 333),
                            null, Map.of(), null, null));
                }
                float[] row = new float[neurons];
                for (int i = 0; i < neurons; i++) {
                    v[i] = 0.8 * v[i] + 0.05 * r.nextGaussian();
                    row[i] = (float) v[i];
                }
                a.appendTraces(f, row);
            }
        }
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new BenchForecastCommand());
        cl.setOut(new PrintWriter(sw));
        Path png = dir.resolve("mae.png");
        int code = cl.execute(arch.toString(), "--context", "4", "--forecasters", "mean,last,linear,condmean,population",
                "--plot", png.toString(), "--block", "16");
        String text = sw.toString();
        assertEquals(0, code, text);
        System.out.println(text);
        assertTrue(text.contains("conditions: events"), text);
        assertTrue(text.contains("taxis*"), text);
        assertTrue(!text.contains(" - "), "every condition has test windows: " + text);
        assertTrue(Files.size(png) > 1000);
        assertEquals(900, ImageIO.read(png.toFile()).getWidth());
        StringWriter js = new StringWriter();
        cl = new CommandLine(new BenchForecastCommand());
        cl.setOut(new PrintWriter(js));
        assertEquals(0, cl.execute(arch.toString(), "--context", "4", "--forecasters", "mean,linear", "--json",
                "--conditions", "proportional"));
        assertTrue(js.toString().startsWith("{\"bench\":\"forecast\""), js.toString());
        assertTrue(js.toString().contains("\"setting\":\"ridge of each step chosen on the validation split"),
                "how the validation split tuned linear: " + js);
        assertTrue(js.toString().contains("\"conditions\":\"proportional\""));
        assertEquals(2, new CommandLine(new BenchForecastCommand()).setErr(new PrintWriter(new StringWriter()))
                .execute(arch.toString(), "--context", "x"));
    }

    /** The virtual fish's export names the stimuli it showed but no condition: conditions come from the names. */
    @Test
    void takesConditionsFromTheStimuliWhenTheEventsCarryNone() throws Exception {
        Path arch = dir.resolve("stimuli");
        int frames = 1200;
        int neurons = 20;
        String[] shown = {"GRATING", "FLASH", "DARK", "OFF"};
        ArchiveMeta meta = new ArchiveMeta("fish-02", 8, 8, 2, 1, 1, 1, 0.9141, neurons, 0, 0, Map.of());
        SplittableRandom r = new SplittableRandom(5);
        try (SessionArchive a = SessionArchive.create(arch, meta)) {
            a.appendEvent(new RigEvent("fish-02", 0, RigEventKind.STIMULUS, null, 0, "OFF", Map.of(), null,
                    "session start"));
            for (int f = 0; f < frames; f++) {
                if (f % 300 == 0) {
                    a.appendEvent(new RigEvent("fish-02", f, RigEventKind.COMMAND_ACK, (long) f, null, shown[f / 300],
                            Map.of(), (long) (f / 300), null));
                }
                float[] row = new float[neurons];
                for (int i = 0; i < neurons; i++) {
                    row[i] = (float) (0.1 * (f / 300) + 0.05 * r.nextGaussian());
                }
                a.appendTraces(f, row);
            }
        }
        StringWriter sw = new StringWriter();
        int code = new CommandLine(new BenchForecastCommand()).setOut(new PrintWriter(sw))
                .execute(arch.toString(), "--context", "4", "--forecasters", "mean");
        String text = sw.toString();
        assertEquals(0, code, text);
        assertTrue(text.contains("conditions: stimuli"), text);
        // GRATING → gain, FLASH → flash, DARK → dark are scored; OFF has no ZAPBench condition
        for (String c : new String[] {"gain", "flash", "dark"}) {
            assertTrue(text.matches("(?s).*\\n" + c + " +[1-9][0-9]* +0\\.[0-9]+.*"), c + " scored: " + text);
        }
        assertTrue(!text.contains("rotation"), "only conditions that occur are listed: " + text);
    }
}
