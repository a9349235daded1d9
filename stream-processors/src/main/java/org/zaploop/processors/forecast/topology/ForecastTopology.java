package org.zaploop.processors.forecast.topology;

import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import org.zaploop.processors.streams.SafeDecode;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.TraceBlock;

/**
 * Forecasting and online scoring.
 *
 * <p>Reads {@code zl.traces} (key session/block; decoded in the topology, malformed records and keys that do not
 * match the block → {@code zl.dlq}) and {@code zl.rig.events} (into the global store {@value #CONDITION_STORE}).
 * Writes {@code zl.forecasts} (one ForecastBlock per block, frame and forecaster, key session/block) and
 * {@code zl.forecast.scores} (MAE per steps ahead per forecaster and per condition, and over all conditions;
 * key session). Stores: {@value #CONTEXT_STORE} (the last C + H frames of every block, in memory, changelogged),
 * {@value #SCORE_STORE} (running score sums), {@value #CONDITION_STORE} (global, condition timeline per session).
 * Internal topic: the repartition {@code <app>-forecast-score-partials-repartition} (partials keyed by session).
 * Replayed data should run with exactly_once_v2.
 */
public final class ForecastTopology {

    public static final String STAGE = "forecast";
    public static final String CONTEXT_STORE = "forecast-context-store";
    public static final String SCORE_STORE = "forecast-score-store";
    public static final String CONDITION_STORE = "forecast-condition-store";

    private ForecastTopology() {
    }

    public static void addTo(StreamsBuilder b, ForecastConfig config) {
        addTo(b, config, new ForecastCounters());
    }

    public static void addTo(StreamsBuilder b, ForecastConfig config, ForecastCounters counters) {
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CONTEXT_STORE), Serdes.String(),
                Serdes.ByteArray()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SCORE_STORE), Serdes.String(),
                Serdes.ByteArray()));
        b.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CONDITION_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(), Topics.RIG_EVENTS.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("forecast-rig-events-source"),
                () -> new ConditionStoreUpdater(counters));
        KStream<String, Object> out = SafeDecode.stream(b, Topics.TRACES, STAGE, ForecastTopology::checkKey)
                .process(() -> new ForecastProcessor(config, counters), Named.as("forecast-predict"), CONTEXT_STORE);
        Map<String, KStream<String, Object>> split = out.split(Named.as("forecast-out-"))
                .branch((k, v) -> v instanceof ForecastBlock, Branched.as("forecasts"))
                .defaultBranch(Branched.as("partials"));
        split.get("forecast-out-forecasts")
                .mapValues(v -> (ForecastBlock) v, Named.as("forecast-forecasts"))
                .to(Topics.FORECASTS.name(), Produced.with(Topics.FORECASTS.keySerde(), Topics.FORECASTS.valueSerde())
                        .withName("forecast-forecasts-sink"));
        split.get("forecast-out-partials")
                .mapValues(v -> (ScorePartial) v, Named.as("forecast-partials"))
                .repartition(Repartitioned.with(Serdes.String(), ScorePartial.SERDE)
                        .withName("forecast-score-partials"))
                .process(() -> new ScoreAggregator(counters), Named.as("forecast-score"), SCORE_STORE)
                .to(Topics.FORECAST_SCORES.name(), Produced.with(Topics.FORECAST_SCORES.keySerde(),
                        Topics.FORECAST_SCORES.valueSerde()).withName("forecast-scores-sink"));
    }

    static String checkKey(String key, TraceBlock tb) {
        String expected = Keys.blockKey(tb.session(), tb.block());
        return expected.equals(key) ? null : "key '" + key + "' is not the block's key '" + expected + "'";
    }
}
