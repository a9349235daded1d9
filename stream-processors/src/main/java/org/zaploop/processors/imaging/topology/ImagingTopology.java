package org.zaploop.processors.imaging.topology;

import java.time.Duration;
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
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.TraceBlock;

/**
 * Imaging: registration, trace extraction and causal ΔF/F.
 *
 * <p>Reads {@code zl.imaging.planes} (key session/z) and {@code zl.segmentation} (key session/block), both as
 * bytes decoded in the topology (malformed records and keys that do not match the record → {@code zl.dlq}).
 * Writes {@code zl.traces}: per finished frame, one {@code TraceBlock} per 512-neuron block (key session/block)
 * with raw F and causal ΔF/F, the acquisition time of the newest plane used and the partial flag; and
 * {@code zl.dlq} (key source topic): planes without a segmentation, of the wrong shape, tiled, duplicate or late
 * (their frame already emitted), and stale or inconsistent segmentation blocks, each with the reason.
 *
 * <p>Online segmentation ({@link ImagingConfig#detectVolumes()} &gt; 0): a session whose planes arrive before any
 * neuron table is segmented from its own data: its first volumes are registered and averaged, nuclei detected on
 * the mean, and the table (version = newest known + 1) is written to {@code zl.segmentation}; it comes back through
 * that topic like a published table, so a lab's table and a detected one take the same path and the newest version
 * wins. The registration that built the detection reference carries on into extraction, so footprints and shifts
 * share one reference frame.
 *
 * <p>Re-segmentation on request: a {@code RESEGMENT} event on {@code zl.rig.events} (key session; other kinds are
 * ignored, malformed events are left to the stages that own rig events and only counted here) makes a session
 * with a table average its next volumes as its extraction registers them, detect nuclei on that mean and publish
 * the next table version to {@code zl.segmentation}; traces go on with the old table until the new one is in.
 * Requests are re-keyed by session into {@code <app>-imaging-requests-by-session-repartition}, co-partitioned
 * with the planes.
 *
 * <p>Gathering a frame: a frame's planes arrive on different partitions (keyed by session/z), so both inputs are
 * re-keyed by session, with the same partition count ({@link ImagingConfig#assemblyPartitions()}): one task sees
 * every plane and the whole table of a session, assembles frames and keeps the ΔF/F state. The planes themselves
 * are not re-keyed: the plane tasks send a {@link PlaneRef} (partition and offset in {@code zl.imaging.planes}) into
 * {@code <app>-imaging-plane-refs-by-session-repartition}, and the gathering task takes the plane from this
 * instance's {@link RecentPlanes} or reads it back from the topic ({@link PlaneFetcher}), so a plane crosses the
 * broker once (three times when the planes were re-keyed and held in a changelog). The table goes through
 * {@code <app>-imaging-segmentation-by-session-repartition}. Sessions spread over partitions; one session's
 * extraction runs on one thread. Run with {@code exactly_once_v2}; internal topics get
 * {@code topic.max.message.bytes} of a plane ({@link ImagingRunner} sets it) for the table blocks.
 *
 * <p>Stores, in memory and changelogged, so that a restarted or rebalanced instance continues exactly where the
 * one before it stopped (a killed instance loses and duplicates nothing, and under {@code exactly_once_v2} with
 * {@link ImagingConfig#forReplay()} the traces are the same bit for bit): {@value #SEGMENTATION_STORE} (blocks of
 * the table in use, key session/block), {@value #HISTORY_STORE} (raw F of the last ΔF/F-window frames, key
 * session/frame), {@value #OPEN_PLANES_STORE} (references to the planes of frames not yet final, key
 * session/frame/z; the planes are read back from {@code zl.imaging.planes} after a restart) and
 * {@value #REGISTRATION_STORE} (reference under construction and shift in use, {@link RegistrationSnapshot}).
 * Online segmentation's detection state (volumes averaged before the table exists) is not in a store: an
 * instance killed while detecting starts the detection again from the next volumes.
 * Nodes: {@code imaging-imaging-planes-*}, {@code imaging-segmentation-*} (decode, DLQ sinks),
 * {@code imaging-plane-refs}, {@code imaging-plane-refs-by-session}, {@code imaging-segmentation-by-session},
 * {@code imaging-*-input}, {@code imaging-rig-events-source}, {@code imaging-resegment-requests},
 * {@code imaging-requests-by-session}, {@code imaging-inputs}, {@code imaging-inputs-and-requests},
 * {@code imaging-extract}, {@code imaging-out-*}, {@code imaging-traces-sink}, {@code imaging-segmentation-sink},
 * {@code imaging-dlq-sink}.
 */
public final class ImagingTopology {

    public static final String STAGE = "imaging";
    public static final String SEGMENTATION_STORE = "imaging-segmentation-store";
    public static final String HISTORY_STORE = "imaging-raw-history-store";
    public static final String OPEN_PLANES_STORE = "imaging-open-plane-refs-store";
    public static final String REGISTRATION_STORE = "imaging-registration-store";

    /**
     * How long the gathering task tries to read a plane back from zl.imaging.planes before dead-lettering it: long
     * enough for a broker restart, well within the consumer group's max.poll.interval.ms (5 min).
     */
    static final Duration PLANE_READ_TIMEOUT = Duration.ofSeconds(60);

    private ImagingTopology() {
    }

    public static void addTo(StreamsBuilder b) {
        addTo(b, ImagingConfig.defaults(), new ImagingCounters());
    }

    public static void addTo(StreamsBuilder b, ImagingConfig config) {
        addTo(b, config, new ImagingCounters());
    }

    public static void addTo(StreamsBuilder b, ImagingConfig config, ImagingCounters counters) {
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SEGMENTATION_STORE),
                Topics.SEGMENTATION.keySerde(), Topics.SEGMENTATION.valueSerde()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HISTORY_STORE), Serdes.String(),
                Serdes.ByteArray()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(OPEN_PLANES_STORE),
                Serdes.String(), Serdes.ByteArray()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(REGISTRATION_STORE),
                Serdes.String(), Serdes.ByteArray()));
        // planes stay where they are; the task that gathers their session gets references, and the planes from this
        // instance's recent ones or read back from zl.imaging.planes
        RecentPlanes recent = RecentPlanes.forThisJvm();
        KStream<String, ImagingInput> planes = SafeDecode.stream(b, Topics.PLANES, STAGE, ImagingTopology::checkPlane)
                .process(() -> new PlaneReferrer(recent), Named.as("imaging-plane-refs"))
                .repartition(Repartitioned.with(Serdes.String(), PlaneRef.SERDE)
                        .withName("imaging-plane-refs-by-session")
                        .withNumberOfPartitions(config.assemblyPartitions()))
                .mapValues(ImagingInput::of, Named.as("imaging-plane-input"));
        KStream<String, ImagingInput> tables = SafeDecode.stream(b, Topics.SEGMENTATION, STAGE,
                        ImagingTopology::checkBlock)
                .selectKey((k, v) -> v.session(), Named.as("imaging-segmentation-by-session-key"))
                .repartition(Repartitioned.with(Topics.SEGMENTATION.keySerde(), Topics.SEGMENTATION.valueSerde())
                        .withName("imaging-segmentation-by-session")
                        .withNumberOfPartitions(config.assemblyPartitions()))
                .mapValues(ImagingInput::of, Named.as("imaging-segmentation-input"));
        KStream<String, ImagingInput> requests = b.stream(Topics.RIG_EVENTS.name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("imaging-rig-events-source"))
                .flatMapValues(v -> ResegmentRequests.of(v, counters), Named.as("imaging-resegment-requests"))
                .selectKey((k, v) -> v.session(), Named.as("imaging-requests-by-session-key"))
                .repartition(Repartitioned.with(Topics.RIG_EVENTS.keySerde(), Topics.RIG_EVENTS.valueSerde())
                        .withName("imaging-requests-by-session")
                        .withNumberOfPartitions(config.assemblyPartitions()))
                .mapValues(ImagingInput::of, Named.as("imaging-request-input"));
        KStream<String, Object> out = tables.merge(planes, Named.as("imaging-inputs"))
                .merge(requests, Named.as("imaging-inputs-and-requests"))
                .process(() -> new ImagingProcessor(config, counters,
                                streamsConfig -> new PlaneFetcher(recent, streamsConfig, PLANE_READ_TIMEOUT)),
                        Named.as("imaging-extract"),
                        SEGMENTATION_STORE, HISTORY_STORE, OPEN_PLANES_STORE, REGISTRATION_STORE);
        Map<String, KStream<String, Object>> split = out.split(Named.as("imaging-out-"))
                .branch((k, v) -> v instanceof TraceBlock, Branched.as("traces"))
                .branch((k, v) -> v instanceof NeuronTableBlock, Branched.as("segmentation"))
                .defaultBranch(Branched.as("dead"));
        split.get("imaging-out-traces")
                .mapValues(v -> (TraceBlock) v, Named.as("imaging-traces"))
                .to(Topics.TRACES.name(), Produced.with(Topics.TRACES.keySerde(), Topics.TRACES.valueSerde())
                        .withName("imaging-traces-sink"));
        split.get("imaging-out-segmentation")
                .mapValues(v -> (NeuronTableBlock) v, Named.as("imaging-detected-segmentation"))
                .to(Topics.SEGMENTATION.name(), Produced.with(Topics.SEGMENTATION.keySerde(),
                        Topics.SEGMENTATION.valueSerde()).withName("imaging-segmentation-sink"));
        split.get("imaging-out-dead")
                .mapValues(v -> (DeadLetter) v, Named.as("imaging-dead-letters"))
                .to(Topics.DLQ.name(), Produced.with(Topics.DLQ.keySerde(), Topics.DLQ.valueSerde())
                        .withName("imaging-dlq-sink"));
    }

    static String checkPlane(String key, Plane p) {
        String expected = Keys.planeKey(p.session(), p.z());
        return expected.equals(key) ? null : "key '" + key + "' is not the plane's key '" + expected + "'";
    }

    static String checkBlock(String key, NeuronTableBlock nb) {
        String expected = Keys.blockKey(nb.session(), nb.block());
        return expected.equals(key) ? null : "key '" + key + "' is not the block's key '" + expected + "'";
    }
}
