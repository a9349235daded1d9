package org.zaploop.load.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.load.measure.Boundedness;
import org.zaploop.load.measure.GcFigures;
import org.zaploop.load.measure.LagSample;
import org.zaploop.load.measure.LatencyPoint;

/** The report's files from synthetic figures: Markdown with every section, charts that decode and show lines. */
class ReportWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesMarkdownJsonAndTwoChartsThatShowTheSeries() throws IOException {
        List<LagSample> lag = new java.util.ArrayList<>();
        List<LatencyPoint> lat = new java.util.ArrayList<>();
        for (int t = 1; t <= 30; t++) {
            lag.add(new LagSample(t, 10 + (t % 5) * 3, 100L * t));
            lat.add(new LatencyPoint(t, 50, 20 + t, 80 + 2 * t, 120));
        }
        LoadResult r = new LoadResult("traces", "2026-01-01T00:00:00Z", Map.of("rate (× real time)", 1.0), 30, true,
                List.of(new FlowFigures("trace blocks sent to zl.traces", 4230, 141.0, 0.29)),
                List.of(new LatencyFigures("traces: acquisition → forecast read back", 1500, 30, 60, 90, 110, 120)),
                List.of(new GroupLag("zaploop-load-forecast", 30, 22, 13, Boundedness.defaults().judge(lag))),
                List.of(new GcFigures("G1 Young Generation", 3, 21, 9, 9, false)),
                List.of(new RampStep(1, 0, 15, true, "ok", 90), new RampStep(2, 15, 30, false, "grows", 400)), 1.0,
                List.of("the machine was busy"));
        Map<String, List<LatencyPoint>> latency = new LinkedHashMap<>();
        latency.put("traces: acquisition → forecast read back", lat);
        Path md = ReportWriter.write(dir, r, new Timelines(latency, Map.of("zaploop-load-forecast", lag),
                List.of(new Chart.Marker(15, "2×"))));

        String text = Files.readString(md);
        for (String section : List.of("## Throughput", "## End-to-end latency", "## Consumer lag", "## Ramp",
                "## GC pauses", "Highest sustainable rate: 1 × real time", "(latency.png)", "(lag.png)",
                "the machine was busy", "| zaploop-load-forecast | 30 | 22 | 13 |")) {
            assertTrue(text.contains(section), "report lacks " + section + ":\n" + text);
        }
        assertTrue(Files.readString(dir.resolve(ReportWriter.RESULT_JSON)).contains("\"highestSustainableRate\":1.0"));
        for (String png : List.of(ReportWriter.LATENCY_PNG, ReportWriter.LAG_PNG)) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertEquals(960, img.getWidth(), png);
            assertTrue(colours(img) > 4, png + " is blank");
            assertTrue(Files.size(dir.resolve(png)) < 100_000, png + " is too large: " + Files.size(dir.resolve(png)));
        }
    }

    @Test
    void aChartWithoutDataStillDecodes() throws IOException {
        Path png = dir.resolve("empty.png");
        Chart.write(png, "nothing", "x", "y", List.of(), List.of(), true);
        assertTrue(colours(ImageIO.read(png.toFile())) > 1);
    }

    @Test
    void ticksAreRoundSteps() {
        assertEquals(10, Chart.niceStep(60), 1e-9);
        assertEquals(0.2, Chart.niceStep(1), 1e-9);
        assertEquals(500, Chart.niceStep(2500), 1e-9);
    }

    static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
