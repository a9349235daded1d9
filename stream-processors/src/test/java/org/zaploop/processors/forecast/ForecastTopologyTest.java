package org.zaploop.processors.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.processors.forecast.topology.ForecastConfig;
import org.zaploop.processors.forecast.topology.ForecastCounters;
import org.zaploop.processors.forecast.topology.ForecastTopology;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.ForecastScore;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.TraceBlock;

class ForecastTopologyTest {

    @TempDir
    Path dir;

    /**
     * A live session sees the online linear map early: solved first after {@code FIRST_FIT_FRAMES} learned frames
     * (the first window needs C + H frames), not after the 64 frames between later refits.
     */
    @Test
    void theOnlineLinearMapIsSolvedFirstAfterAFewLearnedFrames() throws Exception {
        int firstFit = org.zaploop.processors.forecast.OnlineLinearForecaster.FIRST_FIT_FRAMES;
        StreamsBuilder b = new StreamsBuilder();
        ForecastCounters counters = new ForecastCounters();
        ForecastTopology.addTo(b, new ForecastConfig(4, 32, List.of("linear"), 4, 64), counters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "forecast-first-fit-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state-first-fit")).toString());
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(p), p)) {
            TestInputTopic<String, TraceBlock> traces = d.createInputTopic(Topics.TRACES.name(),
                    Topics.TRACES.keySerde().serializer(), Topics.TRACES.valueSerde().serializer());
            int firstWindow = 4 + 32;
            int n = 8;
            for (int f = 0; f < firstWindow + 80; f++) {
                float[] dff = new float[n];
                java.util.Arrays.fill(dff, 0.01f * (f % 17));
                traces.pipeInput(Keys.blockKey("fish-01", 0), new TraceBlock("fish-01", f, 0, 0, 1_000_000L * f,
                        false, dff, null));
                int learned = f + 1 - firstWindow + 1; // frames with a completed window, this one included
                long expected = learned < firstFit ? 0 : learned < firstFit + 64 ? 1 : 2;
                assertEquals(expected, counters.linearRefits.get(), "refits after frame " + f);
            }
        }
    }

    /** Every neuron a ramp x(t) = 0.01 t: the mean of 4 frames misses step h by 0.01 (h + 2.5), last by 0.01 (h + 1). */
    @Test
    void forecastsEveryBlockAndScoresOnline() throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        ForecastCounters counters = new ForecastCounters();
        ForecastTopology.addTo(b, new ForecastConfig(4, 32, List.of("mean", "last", "condmean", "linear"), 4, 16),
                counters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "forecast-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state")).toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        Topology t = b.build(p);
        String described = t.describe().toString();
        assertFalse(described.matches("(?s).*KSTREAM-[A-Z]+-\\d+.*"), "every node is named:\n" + described);
        try (TopologyTestDriver d = new TopologyTestDriver(t, p)) {
            TestInputTopic<String, TraceBlock> traces = d.createInputTopic(Topics.TRACES.name(),
                    Topics.TRACES.keySerde().serializer(), Topics.TRACES.valueSerde().serializer());
            TestInputTopic<String, RigEvent> events = d.createInputTopic(Topics.RIG_EVENTS.name(),
                    Topics.RIG_EVENTS.keySerde().serializer(), Topics.RIG_EVENTS.valueSerde().serializer());
            TestInputTopic<String, byte[]> raw = d.createInputTopic(Topics.TRACES.name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, ForecastBlock> forecasts = d.createOutputTopic(Topics.FORECASTS.name(),
                    Topics.FORECASTS.keySerde().deserializer(), Topics.FORECASTS.valueSerde().deserializer());
            TestOutputTopic<String, ForecastScore> scores = d.createOutputTopic(Topics.FORECAST_SCORES.name(),
                    Topics.FORECAST_SCORES.keySerde().deserializer(), Topics.FORECAST_SCORES.valueSerde().deserializer());
            TestOutputTopic<String, DeadLetter> dlq = d.createOutputTopic(Topics.DLQ.name(),
                    Topics.DLQ.keySerde().deserializer(), Topics.DLQ.valueSerde().deserializer());
            events.pipeInput("fish-01", new RigEvent("fish-01", 1, RigEventKind.CONDITION, 0L, 2, null, Map.of(),
                    null, null));
            int frames = 80;
            int n = 10;
            for (int f = 0; f < frames; f++) {
                for (int blk = 0; blk < 2; blk++) {
                    float[] dff = new float[n];
                    java.util.Arrays.fill(dff, 0.01f * f);
                    traces.pipeInput(Keys.blockKey("fish-01", blk), new TraceBlock("fish-01", f, blk, blk * n,
                            1_000_000L * f, false, dff, null));
                }
            }
            raw.pipeInput(Keys.blockKey("fish-01", 0), new byte[] {0x5a});
            List<ForecastBlock> fc = forecasts.readValuesToList();
            assertEquals((frames - 3) * 2 * 4, fc.size());
            ForecastBlock mean = fc.stream().filter(x -> x.forecaster().equals("mean") && x.frame() == 10
                    && x.block() == 1).findFirst().orElseThrow();
            assertEquals(10, mean.firstNeuron());
            assertEquals(0.01 * 8.5, mean.value(31, 3), 1e-6);
            ForecastBlock cm = fc.stream().filter(x -> x.forecaster().equals("condmean") && x.frame() == 10)
                    .findFirst().orElseThrow();
            assertEquals(0.01 * 5, cm.value(0, 0), 1e-6); // mean of frames 0..10 under condition 2
            List<ForecastScore> sc = scores.readValuesToList();
            ForecastScore lastMean = sc.stream().filter(s -> s.forecaster().equals("mean") && s.condition() == 2)
                    .reduce((a, c) -> c).orElseThrow();
            assertEquals(frames - 2, lastMean.frame());
            for (int h = 0; h < 32; h++) {
                assertEquals(0.01 * (h + 2.5), lastMean.maePerStep()[h], 1e-5, "step " + h);
            }
            ForecastScore lastLast = sc.stream().filter(s -> s.forecaster().equals("last")
                    && s.condition() == ForecastScore.ALL_CONDITIONS).reduce((a, c) -> c).orElseThrow();
            assertEquals(0.01 * 32, lastLast.maePerStep()[31], 1e-5);
            ForecastScore lin = sc.stream().filter(s -> s.forecaster().equals("linear")).reduce((a, c) -> c)
                    .orElseThrow();
            assertTrue(counters.linearRefits.get() > 0);
            assertTrue(lin.maePerStep()[0] < 0.8 * 0.025, "online linear learns the ramp (running MAE includes the pre-fit frames): " + lin.maePerStep()[0]);
            assertEquals(1, dlq.readValuesToList().size());
            // a repeated frame is stale and dropped
            traces.pipeInput(Keys.blockKey("fish-01", 0), new TraceBlock("fish-01", 5, 0, 0, 5, false,
                    new float[n], null));
            assertEquals(1, counters.stale.get());
        }
    }

    /**
     * Two sessions through one processor (a replay beside the live fish) have the same neuron indices but not the
     * same neurons: each one's condition means are learned from its own frames only.
     */
    @Test
    void sessionsAreLearnedApart() throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        ForecastTopology.addTo(b, new ForecastConfig(4, 8, List.of("condmean"), 4, 16), new ForecastCounters());
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "forecast-apart-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("apart")).toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(p), p)) {
            TestInputTopic<String, TraceBlock> traces = d.createInputTopic(Topics.TRACES.name(),
                    Topics.TRACES.keySerde().serializer(), Topics.TRACES.valueSerde().serializer());
            TestInputTopic<String, RigEvent> events = d.createInputTopic(Topics.RIG_EVENTS.name(),
                    Topics.RIG_EVENTS.keySerde().serializer(), Topics.RIG_EVENTS.valueSerde().serializer());
            TestOutputTopic<String, ForecastBlock> forecasts = d.createOutputTopic(Topics.FORECASTS.name(),
                    Topics.FORECASTS.keySerde().deserializer(), Topics.FORECASTS.valueSerde().deserializer());
            for (String s : List.of("live", "replay")) {
                events.pipeInput(s, new RigEvent(s, 1, RigEventKind.CONDITION, 0L, 2, null, Map.of(), null, null));
            }
            for (int f = 0; f < 12; f++) {
                for (String s : List.of("live", "replay")) {
                    float[] dff = new float[6];
                    java.util.Arrays.fill(dff, s.equals("live") ? 1f : 0f);
                    traces.pipeInput(Keys.blockKey(s, 0), new TraceBlock(s, f, 0, 0, 1_000_000L * f, false, dff,
                            null));
                }
            }
            for (ForecastBlock fb : forecasts.readValuesToList()) {
                float want = fb.session().equals("live") ? 1f : 0f;
                assertEquals(want, fb.value(0, 0), 1e-6, fb.session() + " frame " + fb.frame());
            }
        }
    }
}
