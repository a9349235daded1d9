package org.zaploop.processors.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
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

/**
 * Forecasts other components publish to zl.forecasts are scored online beside the topology's own: a "twin" that
 * publishes at each frame as the real twin does, a "late" forecaster whose forecasts arrive two frames after
 * they were made (so half their targets are already in); not scored are a record named like the topology's own
 * "mean" forecaster (scored once, as its own) and the twin's candidate predictions ({@code mpc.*}).
 */
class ExternalForecastScoringTest {

    private static final String S = "fish-01";
    private static final int C = 4;
    private static final int H = 4;
    private static final int N = 10;
    private static final int FRAMES = 30;

    @TempDir
    Path dir;

    /** Every neuron a ramp 0.01 t; the forecast of frame t + 1 + s is the truth plus {@code offset(s)}. */
    private static ForecastBlock forecast(String forecaster, long frame, int block, int horizon, double... offset) {
        float[] v = new float[horizon * N];
        for (int s = 0; s < horizon; s++) {
            for (int i = 0; i < N; i++) {
                v[s * N + i] = (float) (0.01 * (frame + 1 + s) + offset[Math.min(s, offset.length - 1)]);
            }
        }
        return new ForecastBlock(S, forecaster, frame, block, block * N, N, C, horizon, 1_000_000L * frame, v);
    }

    @Test
    void externalForecastersAreScoredAndOwnNamesAreNotScoredTwice() throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        ForecastCounters counters = new ForecastCounters();
        ForecastTopology.addTo(b, new ForecastConfig(C, H, List.of("mean"), 4, 16), counters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "external-score-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state")).toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(p), p)) {
            TestInputTopic<String, TraceBlock> traces = d.createInputTopic(Topics.TRACES.name(),
                    Topics.TRACES.keySerde().serializer(), Topics.TRACES.valueSerde().serializer());
            TestInputTopic<String, ForecastBlock> forecasts = d.createInputTopic(Topics.FORECASTS.name(),
                    Topics.FORECASTS.keySerde().serializer(), Topics.FORECASTS.valueSerde().serializer());
            TestInputTopic<String, byte[]> rawForecasts = d.createInputTopic(Topics.FORECASTS.name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestInputTopic<String, RigEvent> events = d.createInputTopic(Topics.RIG_EVENTS.name(),
                    Topics.RIG_EVENTS.keySerde().serializer(), Topics.RIG_EVENTS.valueSerde().serializer());
            TestOutputTopic<String, ForecastScore> scores = d.createOutputTopic(Topics.FORECAST_SCORES.name(),
                    Topics.FORECAST_SCORES.keySerde().deserializer(),
                    Topics.FORECAST_SCORES.valueSerde().deserializer());
            TestOutputTopic<String, DeadLetter> dlq = d.createOutputTopic(Topics.DLQ.name(),
                    Topics.DLQ.keySerde().deserializer(), Topics.DLQ.valueSerde().deserializer());
            events.pipeInput(S, new RigEvent(S, 1, RigEventKind.CONDITION, 0L, 2, null, Map.of(), null, null));
            for (int f = 0; f < FRAMES; f++) {
                for (int blk = 0; blk < 2; blk++) {
                    float[] dff = new float[N];
                    java.util.Arrays.fill(dff, 0.01f * f);
                    String key = Keys.blockKey(S, blk);
                    traces.pipeInput(key, new TraceBlock(S, f, blk, blk * N, 1_000_000L * f, false, dff, null));
                    // the twin forecasts 6 steps; the protocol scores H = 4 of them
                    forecasts.pipeInput(key, forecast("twin", f, blk, 6, 0.001, 0.002, 0.003, 0.004, 0.5));
                    forecasts.pipeInput(key, forecast("mean", f, blk, H, 1.0)); // someone else's "mean": ignored
                    forecasts.pipeInput(key, forecast("mpc.OFF", f, blk, H, 0.3)); // a what-if, not a forecast
                    if (f >= 2) {
                        forecasts.pipeInput(key, forecast("late", f - 2, blk, H, -0.002));
                    }
                }
            }
            rawForecasts.pipeInput(Keys.blockKey(S, 0), new byte[] {0x5a});
            forecasts.pipeInput(Keys.blockKey(S, 1), forecast("twin", FRAMES - 1, 0, H, 0.0));

            List<ForecastScore> sc = scores.readValuesToList();
            ForecastScore twin = last(sc, "twin", 2);
            assertEquals(H, twin.maePerStep().length);
            for (int s = 0; s < H; s++) {
                assertEquals(0.001 * (s + 1), twin.maePerStep()[s], 1e-5, "twin step " + (s + 1));
            }
            assertEquals(FRAMES - 2, twin.frame(), "the last frame's score waits for a newer frame");
            ForecastScore twinAll = last(sc, "twin", ForecastScore.ALL_CONDITIONS);
            assertEquals(0.004, twinAll.maePerStep()[H - 1], 1e-5);
            ForecastScore late = last(sc, "late", ForecastScore.ALL_CONDITIONS);
            for (int s = 0; s < H; s++) {
                assertEquals(0.002, late.maePerStep()[s], 1e-5, "late step " + (s + 1));
            }
            // the topology's own mean (context mean of a ramp misses step s by 0.01 (s + 2.5)), not the foreign 1.0
            ForecastScore mean = last(sc, "mean", 2);
            for (int s = 0; s < H; s++) {
                assertEquals(0.01 * (s + 2.5), mean.maePerStep()[s], 1e-5, "mean step " + (s + 1));
            }
            assertTrue(sc.stream().noneMatch(x -> x.forecaster().startsWith("mpc.")), "candidate predictions");
            assertEquals(FRAMES * 2 + (FRAMES - 2) * 2, counters.externalForecasts.get());
            assertEquals(0, counters.externalTargetsUnscored.get());

            List<DeadLetter> dead = dlq.readValuesToList();
            assertEquals(2, dead.size(), "the unreadable record and the forecast under another block's key");
            assertTrue(dead.stream().allMatch(x -> x.sourceTopic().equals(Topics.FORECASTS.name())));
            assertTrue(dead.get(1).reason().contains("is not the forecast block's key"), dead.get(1).reason());

            // held state is bounded: per block only the twin's forecasts whose last step is still to come
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(ForecastTopology.EXTERNAL_STORE);
            int heldTwin = 0;
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    heldTwin += kv.key.contains("|f|") && kv.key.endsWith("|twin") ? 1 : 0;
                }
            }
            assertEquals(2 * H, heldTwin);
        }
    }

    private static ForecastScore last(List<ForecastScore> scores, String forecaster, int condition) {
        return scores.stream().filter(s -> s.forecaster().equals(forecaster) && s.condition() == condition)
                .reduce((a, c) -> c).orElseThrow(() -> new AssertionError("no score for " + forecaster));
    }
}
