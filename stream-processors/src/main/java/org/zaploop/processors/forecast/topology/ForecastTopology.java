package org.zaploop.processors.forecast.topology;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import org.zaploop.processors.forecast.ForecasterFactory;
import org.zaploop.processors.streams.SafeDecode;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.ForecastBlockCodec;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.CandidateForecaster;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.TraceBlock;

/**
 * Forecasting and online scoring.
 *
 * <p>Reads {@code zl.traces} (key session/block; decoded in the topology, malformed records and keys that do not
 * match the block → {@code zl.dlq}), {@code zl.rig.events} (into the global store {@value #CONDITION_STORE}) and
 * {@code zl.forecasts} (key session/block, co-partitioned with zl.traces): the forecasts of forecasters this
 * topology does not run, e.g. the twin's, are scored like its own; malformed ones → {@code zl.dlq}.
 * Writes {@code zl.forecasts} (one ForecastBlock per block, frame and forecaster, key session/block) and
 * {@code zl.forecast.scores} (MAE per steps ahead per forecaster, its own and the external ones, and per condition,
 * and over all conditions; key session). Stores: {@value #CONTEXT_STORE} (the last C + H frames of every block, in
 * memory, changelogged), {@value #EXTERNAL_STORE} (external forecasts awaiting their targets and the last H frames
 * of their blocks, in memory, changelogged), {@value #SCORE_STORE} (running score sums), {@value #CONDITION_STORE}
 * (global, condition timeline per session).
 * Internal topic: the repartition {@code <app>-forecast-score-partials-repartition} (partials keyed by session).
 * Replayed data should run with exactly_once_v2.
 */
public final class ForecastTopology {

    public static final String STAGE = "forecast";
    public static final String CONTEXT_STORE = "forecast-context-store";
    public static final String SCORE_STORE = "forecast-score-store";
    public static final String CONDITION_STORE = "forecast-condition-store";
    public static final String EXTERNAL_STORE = "forecast-external-store";

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
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(EXTERNAL_STORE), Serdes.String(),
                Serdes.ByteArray()));
        KStream<String, TraceBlock> traces = SafeDecode.stream(b, Topics.TRACES, STAGE, ForecastTopology::checkKey);
        KStream<String, Object> out = traces
                .process(() -> new ForecastProcessor(config, counters), Named.as("forecast-predict"), CONTEXT_STORE);
        Map<String, KStream<String, Object>> split = out.split(Named.as("forecast-out-"))
                .branch((k, v) -> v instanceof ForecastBlock, Branched.as("forecasts"))
                .defaultBranch(Branched.as("partials"));
        split.get("forecast-out-forecasts")
                .mapValues(v -> (ForecastBlock) v, Named.as("forecast-forecasts"))
                .to(Topics.FORECASTS.name(), Produced.with(Topics.FORECASTS.keySerde(), Topics.FORECASTS.valueSerde())
                        .withName("forecast-forecasts-sink"));
        KStream<String, ScorePartial> external = externalForecasts(b, config)
                .merge(traces.mapValues(v -> (Object) v, Named.as("forecast-external-traces")),
                        Named.as("forecast-external-merge"))
                .process(() -> new ExternalForecastScorer(config, counters),
                        Named.as("forecast-external-score"), EXTERNAL_STORE);
        split.get("forecast-out-partials")
                .mapValues(v -> (ScorePartial) v, Named.as("forecast-partials"))
                .merge(external, Named.as("forecast-partials-merge"))
                .repartition(Repartitioned.with(Serdes.String(), ScorePartial.SERDE)
                        .withName("forecast-score-partials"))
                .process(() -> new ScoreAggregator(counters), Named.as("forecast-score"), SCORE_STORE)
                .to(Topics.FORECAST_SCORES.name(), Produced.with(Topics.FORECAST_SCORES.keySerde(),
                        Topics.FORECAST_SCORES.valueSerde()).withName("forecast-scores-sink"));
    }

    /**
     * The forecasts on {@code zl.forecasts} that this topology did not make (the twin's, ...): its own are passed
     * over by the forecaster name in the header, before their values are decoded; a record whose header cannot be
     * read goes on to the decoder and so to the DLQ, as do a malformed record and a key that is not its block's.
     * The twin's candidate predictions ({@code mpc.*}) are passed over too: each predicts the response to a
     * stimulus that in general was not shown, so its error against the measured frames is no forecast accuracy.
     */
    private static KStream<String, Object> externalForecasts(StreamsBuilder b, ForecastConfig config) {
        Set<String> own = config.forecasters().stream().map(ForecasterFactory::name).collect(Collectors.toSet());
        KStream<String, byte[]> raw = b.stream(Topics.FORECASTS.name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("forecast-external-source"))
                .filter((k, v) -> isExternalForecast(forecasterOf(v), own), Named.as("forecast-external-not-own"));
        return SafeDecode.decode(raw, Topics.FORECASTS, "forecast-external", ForecastTopology::checkForecastKey)
                .mapValues(v -> (Object) v, Named.as("forecast-external-forecasts"));
    }

    /** Whether a forecast (forecaster null: header unreadable, for the decoder to reject) is scored as external. */
    static boolean isExternalForecast(String forecaster, Set<String> own) {
        return forecaster == null || !own.contains(forecaster) && !forecaster.startsWith(CandidateForecaster.PREFIX);
    }

    /** The forecaster of ZLFC bytes, or null if the header cannot be read (the decoder then says why). */
    private static String forecasterOf(byte[] value) {
        try {
            return ForecastBlockCodec.forecaster(value);
        } catch (MalformedRecordException e) {
            return null;
        }
    }

    static String checkForecastKey(String key, ForecastBlock fb) {
        return keyMismatch(key, fb.session(), fb.block(), "forecast block's");
    }

    static String checkKey(String key, TraceBlock tb) {
        return keyMismatch(key, tb.session(), tb.block(), "block's");
    }

    /** Null when {@code key} is the block's key, else the reason the record goes to the DLQ. */
    private static String keyMismatch(String key, String session, int block, String whose) {
        String expected = Keys.blockKey(session, block);
        return expected.equals(key) ? null : "key '" + key + "' is not the " + whose + " key '" + expected + "'";
    }
}
