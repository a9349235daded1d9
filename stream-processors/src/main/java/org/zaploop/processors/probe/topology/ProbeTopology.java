package org.zaploop.processors.probe.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.processors.behavior.topology.BehaviorTopology;
import org.zaploop.processors.dsp.SampleSequence;
import org.zaploop.processors.probe.SpikeRates;
import org.zaploop.processors.streams.SafeDecode;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.TraceBlock;

/**
 * Dense probes: ephys blocks with more than {@link BehaviorTopology#MAX_TAIL_CHANNELS} channels → binned spike
 * rates per channel.
 *
 * <p>Reads {@code zl.ephys.blocks} (decoded in the topology; malformed → {@code zl.dlq}). Writes {@code zl.traces}
 * as TraceBlocks whose "neurons" are the probe's channels ("units"), under the derived session
 * {@code <session>.units} so they never mix with the session's imaging traces: frame = bin index (10 ms bins by
 * default), dff = spike rate in Hz, key {@code <session>.units/<block>} with 512 channels per block,
 * acquisitionNs = time of the bin's last sample. Store {@value #STORE}: per-session filter state. Gaps reset the
 * filters (counted, logged), duplicates are dropped.
 */
public final class ProbeTopology {

    public static final String STORE = "probe-filter-store";
    public static final String UNITS_SUFFIX = ".units";
    public static final int BLOCK = 512;

    /** Counters shared by the processor instances. */
    public static final class Counters {
        public final AtomicLong blocks = new AtomicLong();
        public final AtomicLong bins = new AtomicLong();
        public final AtomicLong gaps = new AtomicLong();
        public final AtomicLong duplicates = new AtomicLong();
    }

    private ProbeTopology() {
    }

    public static void addTo(StreamsBuilder b, SpikeRates.Config config, Counters counters) {
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()));
        SafeDecode.stream(b, Topics.EPHYS, "probe", (String k, EphysBlock v) -> SafeDecode.sessionKeyCheck(k, v.session()))
                .process(() -> new RatesProcessor(config, counters), Named.as("probe-rates"), STORE)
                .to(Topics.TRACES.name(), Produced.with(Topics.TRACES.keySerde(), Topics.TRACES.valueSerde())
                        .withName("probe-traces-sink"));
    }

    private static final class RatesProcessor implements Processor<String, EphysBlock, String, TraceBlock> {
        private static final Logger LOG = LoggerFactory.getLogger(RatesProcessor.class);
        private final SpikeRates.Config config;
        private final Counters counters;
        private final Map<String, SpikeRates> cache = new HashMap<>();
        private ProcessorContext<String, TraceBlock> context;
        private KeyValueStore<String, byte[]> store;

        RatesProcessor(SpikeRates.Config config, Counters counters) {
            this.config = config;
            this.counters = counters;
        }

        @Override
        public void init(ProcessorContext<String, TraceBlock> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, EphysBlock> record) {
            EphysBlock b = record.value();
            if (b.channels() <= BehaviorTopology.MAX_TAIL_CHANNELS) {
                return;
            }
            counters.blocks.incrementAndGet();
            SpikeRates sr = cache.get(b.session());
            if (sr == null) {
                byte[] saved = store.get(b.session());
                try {
                    sr = saved == null ? null : SpikeRates.restore(config, b.channels(), saved);
                } catch (IllegalArgumentException e) {
                    sr = null;
                }
            }
            if (sr == null || sr.channels() != b.channels() || sr.sampleRateHz() != b.sampleRateHz()) {
                sr = new SpikeRates(config, b.channels(), b.sampleRateHz());
            }
            cache.put(b.session(), sr);
            SampleSequence seq = new SampleSequence();
            seq.restore(sr.nextSample());
            int from = 0;
            switch (seq.classify(b.firstSample(), b.samples())) {
                case DUPLICATE -> {
                    counters.duplicates.incrementAndGet();
                    LOG.warn("session {}: duplicate probe block at sample {} dropped", b.session(), b.firstSample());
                    return;
                }
                case GAP -> {
                    counters.gaps.incrementAndGet();
                    LOG.warn("session {}: gap of {} probe samples before sample {}; filters reset", b.session(),
                            seq.missingBefore(b.firstSample()), b.firstSample());
                    sr.resetFilters();
                }
                case OVERLAP -> from = seq.seenAlready(b.firstSample());
                default -> {
                }
            }
            String units = (b.session().length() <= 64 - UNITS_SUFFIX.length() ? b.session()
                    : b.session().substring(0, 64 - UNITS_SUFFIX.length())) + UNITS_SUFFIX;
            SpikeRates srf = sr;
            sr.process(b.data(), from, b.samples(), b.firstSample(), (bin, rates) -> {
                long lastSample = (bin + 1) * srf.binSamples() - 1;
                long ns = b.acquisitionNs() + Math.round((lastSample - b.firstSample()) / b.sampleRateHz() * 1e9);
                for (int n0 = 0, blk = 0; n0 < rates.length; n0 += BLOCK, blk++) {
                    float[] r = java.util.Arrays.copyOfRange(rates, n0, Math.min(rates.length, n0 + BLOCK));
                    context.forward(record.withKey(Keys.blockKey(units, blk)).withValue(new TraceBlock(units, bin, blk,
                            n0, Math.max(0, ns), false, r, null)));
                }
                counters.bins.incrementAndGet();
            });
            store.put(b.session(), sr.snapshot());
        }
    }
}
