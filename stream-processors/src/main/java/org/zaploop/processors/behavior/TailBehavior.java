package org.zaploop.processors.behavior;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.zaploop.processors.dsp.SampleSequence;
import org.zaploop.processors.dsp.SampleSequence.Arrival;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.EphysBlock;

/**
 * One session's tail behaviour: checks the sample index of each {@link EphysBlock} (a duplicate is dropped, an
 * overlap is trimmed to its new samples, a gap resets the filters), runs the {@link SwimDetector} and makes the
 * {@link Behavior} record. The record's {@code acquisitionNs} is the acquisition time of the newest sample used
 * (block time + (samples − 1) / rate), so the swim → command latency is measured from the data the decision
 * rests on. A change of sample rate starts the detector afresh. Reads and writes no topic or store: its
 * {@link #snapshot} is what the topology stores.
 */
public final class TailBehavior {

    /** What happened to the last block. */
    public record Outcome(Arrival arrival, long missingSamples, Behavior behavior) {
    }

    private final SwimConfig config;
    private final SampleSequence sequence = new SampleSequence();
    private final BlockSummary summary = new BlockSummary();
    private SwimDetector detector;

    public TailBehavior(SwimConfig config) {
        this.config = config;
    }

    public SwimDetector detector() {
        return detector;
    }

    /** Whether the block has the channels this config reads. */
    public boolean accepts(EphysBlock block) {
        return block.channels() > config.maxChannel();
    }

    public Outcome onBlock(EphysBlock b, BoutListener listener) {
        if (detector != null && Double.compare(detector.sampleRateHz(), b.sampleRateHz()) != 0) {
            detector = null;
            sequence.restore(-1);
        }
        if (detector == null) {
            detector = new SwimDetector(config, b.sampleRateHz());
        }
        Arrival arrival = sequence.classify(b.firstSample(), b.samples());
        long missing = 0;
        int from = 0;
        switch (arrival) {
            case DUPLICATE:
                return new Outcome(arrival, 0, null);
            case GAP:
                missing = sequence.missingBefore(b.firstSample());
                detector.resetFilters(sequence.next(), listener);
                break;
            case OVERLAP:
                from = sequence.seenAlready(b.firstSample());
                break;
            default:
                break;
        }
        detector.process(b.data(), b.channels(), from, b.samples(), b.firstSample(), summary, listener);
        sequence.advanceTo(b.firstSample() + b.samples());
        long newestNs = b.acquisitionNs() + Math.round((b.samples() - 1) / b.sampleRateHz() * 1e9);
        Behavior out = new Behavior(b.session(), newestNs, b.firstSample() + from,
                b.firstSample() + b.samples() - 1, summary.leftPower, summary.rightPower, summary.vigor,
                summary.turnIndex, summary.swimming, summary.boutOnset, summary.boutId);
        return new Outcome(arrival, missing, out);
    }

    public byte[] snapshot() {
        byte[] d = detector == null ? new byte[0] : detector.snapshot();
        return ByteBuffer.allocate(8 + d.length).putLong(sequence.next()).put(d).array();
    }

    public static TailBehavior restore(SwimConfig config, byte[] snapshot) {
        TailBehavior t = new TailBehavior(config);
        ByteBuffer b = ByteBuffer.wrap(snapshot);
        t.sequence.restore(b.getLong());
        if (b.remaining() > 0) {
            t.detector = SwimDetector.restore(config, Arrays.copyOfRange(snapshot, 8, snapshot.length));
        }
        return t;
    }
}
