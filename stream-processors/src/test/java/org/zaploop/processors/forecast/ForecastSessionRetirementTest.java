package org.zaploop.processors.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

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
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.TraceBlock;

/**
 * A session without traces for the retirement time gives back its windows, stored frames and held external
 * forecasts and its blocks' online linear maps; a session still acquiring keeps all of it, and each of its blocks
 * goes on re-solving its own map; a retired session that comes back is forecast again after a new context.
 */
class ForecastSessionRetirementTest {

    private static final int C = 4;
    private static final int H = 32;
    private static final int N = 8;

    @TempDir
    Path dir;

    @Test
    void anIdleSessionIsRetiredAndEachBlockOfTheOtherGoesOnRefittingItsMap() throws Exception {
        StreamsBuilder sb = new StreamsBuilder();
        ForecastCounters counters = new ForecastCounters();
        ForecastTopology.addTo(sb, new ForecastConfig(C, H, List.of("mean", "linear"), 4, 16)
                .withRetireAfterMs(60_000), counters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "forecast-retire-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state")).toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        try (TopologyTestDriver d = new TopologyTestDriver(sb.build(p), p, Instant.ofEpochSecond(1_700_000_000L))) {
            TestInputTopic<String, TraceBlock> traces = d.createInputTopic(Topics.TRACES.name(),
                    Topics.TRACES.keySerde().serializer(), Topics.TRACES.valueSerde().serializer());
            TestInputTopic<String, ForecastBlock> external = d.createInputTopic(Topics.FORECASTS.name(),
                    Topics.FORECASTS.keySerde().serializer(), Topics.FORECASTS.valueSerde().serializer());
            TestOutputTopic<String, ForecastBlock> forecasts = d.createOutputTopic(Topics.FORECASTS.name(),
                    Topics.FORECASTS.keySerde().deserializer(), Topics.FORECASTS.valueSerde().deserializer());
            KeyValueStore<String, byte[]> context = d.getKeyValueStore(ForecastTopology.CONTEXT_STORE);
            KeyValueStore<String, byte[]> held = d.getKeyValueStore(ForecastTopology.EXTERNAL_STORE);
            KeyValueStore<String, byte[]> scores = d.getKeyValueStore(ForecastTopology.SCORE_STORE);

            // 60 frames: each block learns from 60 − (C + H) + 1 = 25 windows, and is solved after 8 and 8 + 16
            feed(traces, "fish-a", 0, 60);
            external.pipeInput(Keys.blockKey("fish-a", 0), twin("fish-a", 59));
            assertEquals(2 * 2, counters.linearRefits.get(), "each of fish-a's two blocks solved its own map twice");
            feed(traces, "fish-b", 0, 60);
            assertEquals(4 * 2, counters.linearRefits.get(), "and so did each of fish-b's, whatever fish-a did");
            assertFalse(keysOf(context, "fish-a/").isEmpty());
            assertFalse(keysOf(held, "fish-a/").isEmpty(), "the twin's forecast is held for its targets");

            d.advanceWallClockTime(Duration.ofSeconds(40));
            feed(traces, "fish-b", 60, 62); // fish-b goes on acquiring, fish-a has stopped
            d.advanceWallClockTime(Duration.ofSeconds(30));
            assertEquals(2, counters.retiredBlocks.get(), "both blocks of the session idle for 70 s of 60");
            assertEquals(List.of(), keysOf(context, "fish-a/"), "windows, stored frames and block state freed");
            assertEquals(List.of(), keysOf(held, "fish-a/"), "held external forecasts freed");
            List<String> keptOfB = keysOf(context, "fish-b/");
            assertEquals(2 * (C + H), keptOfB.stream().filter(k -> !k.contains("#")).count(),
                    "the acquiring session keeps the last C + H frames of each block");
            assertEquals(List.of(Keys.blockKey("fish-b", 0) + "#linear", Keys.blockKey("fish-b", 1) + "#linear"),
                    keptOfB.stream().filter(k -> k.contains("#")).sorted().toList(), "and each block's linear map");
            assertFalse(keysOf(scores, "fish-a/").isEmpty(), "the retired session's scores stay");

            feed(traces, "fish-b", 62, 80); // fish-b's blocks reach 45 learned frames: a third solve, at 40
            assertEquals(4 * 2 + 2, counters.linearRefits.get(), "fish-b's blocks go on re-solving their maps");

            forecasts.readValuesToList();
            feed(traces, "fish-a", 100, 100 + C + 1); // back after the pause: a new context first
            List<Long> madeAt = forecasts.readValuesToList().stream()
                    .filter(f -> f.session().equals("fish-a") && f.block() == 0 && f.forecaster().equals("mean"))
                    .map(ForecastBlock::frame).toList();
            assertEquals(List.of(100L + C - 1, 100L + C), madeAt, "forecasts once C new frames are in");
        }
    }

    private static void feed(TestInputTopic<String, TraceBlock> traces, String session, int from, int to) {
        for (int f = from; f < to; f++) {
            for (int blk = 0; blk < 2; blk++) {
                float[] dff = new float[N];
                for (int i = 0; i < N; i++) {
                    dff[i] = (float) Math.sin(0.3 * f + i);
                }
                traces.pipeInput(Keys.blockKey(session, blk),
                        new TraceBlock(session, f, blk, blk * N, 1_000_000L * f, false, dff, null));
            }
        }
    }

    private static ForecastBlock twin(String session, long frame) {
        return new ForecastBlock(session, "twin", frame, 0, 0, N, C, H, 1_000_000L * frame, new float[H * N]);
    }

    private static List<String> keysOf(KeyValueStore<String, byte[]> store, String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                String k = it.next().key;
                if (k.startsWith(prefix)) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }
}
