package org.zaploop.processors.behavior.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import org.zaploop.processors.behavior.SwimConfig;
import org.zaploop.processors.streams.SafeDecode;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.EphysBlock;

/**
 * The loop's fast path: tail ephys → swim behaviour.
 *
 * <p>Reads {@code zl.ephys.blocks} (key session) as bytes and decodes inside the topology (malformed records and
 * blocks whose key is not their session → {@code zl.dlq}). Blocks with at most {@link #MAX_TAIL_CHANNELS}
 * channels are tail recordings (ZAPBench layout, ch0 left, ch1 right); wider blocks are dense probes, left to
 * {@code ProbeTopology}. Writes one {@code Behavior} per accepted block to {@code zl.behavior} (key session).
 * Store {@value #STORE}: per-session filter and detector state (in memory, changelogged). Run it with
 * {@code at_least_once} and producer {@code linger.ms=0} ({@code StreamsRunner} does for the fast path).
 *
 * <p>Nodes: {@code behavior-ephys-blocks-source}, {@code behavior-ephys-blocks-decode[-ok|-bad]},
 * {@code behavior-ephys-blocks-dlq-sink}, {@code behavior-detect}, {@code behavior-sink}.
 */
public final class BehaviorTopology {

    public static final String STAGE = "behavior";
    public static final String STORE = "behavior-filter-store";
    /** Blocks with more channels than this are dense probes, not tail recordings. */
    public static final int MAX_TAIL_CHANNELS = 16;

    private BehaviorTopology() {
    }

    public static void addTo(StreamsBuilder b) {
        addTo(b, SwimConfig.defaults(), new BehaviorCounters());
    }

    public static void addTo(StreamsBuilder b, SwimConfig config, BehaviorCounters counters) {
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()));
        SafeDecode.stream(b, Topics.EPHYS, STAGE, (String k, EphysBlock v) -> SafeDecode.sessionKeyCheck(k, v.session()))
                .process(() -> new BehaviorProcessor(config, MAX_TAIL_CHANNELS, counters), Named.as("behavior-detect"),
                        STORE)
                .to(Topics.BEHAVIOR.name(), Produced.with(Topics.BEHAVIOR.keySerde(), Topics.BEHAVIOR.valueSerde())
                        .withName("behavior-sink"));
    }
}
