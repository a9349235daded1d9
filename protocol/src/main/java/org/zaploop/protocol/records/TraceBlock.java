package org.zaploop.protocol.records;

import java.util.Arrays;

import org.zaploop.protocol.Names;

/**
 * ΔF/F (and optionally raw fluorescence F) of one block of neurons at one frame. Travels on {@code zl.traces},
 * key {@code session/block}, binary format ZLTR.
 *
 * <p>Values must be finite: a trace extractor that cannot compute a neuron's value (no baseline yet, footprint
 * outside the tile) writes 0 and says so with {@code partialFrame}, because NaN would silently poison every
 * downstream mean and forecast. Arrays are not copied: the record owns them.
 *
 * @param session       session id
 * @param frame         volume index t
 * @param block         neuron block index 0..9999
 * @param firstNeuron   table index of the first neuron of this block
 * @param acquisitionNs acquisition time of the volume: of the newest plane the traces rest on, as the imaging
 *                      processor stamps them (so acquisition → trace latency counts from the data used); a replayed
 *                      traces-only archive stamps the volume's start
 * @param partialFrame  true when not every plane of the volume arrived in time (wire flag bit 0)
 * @param dff           ΔF/F per neuron, finite, 1..65536 values
 * @param raw           raw F per neuron, finite, same length as dff; empty when absent (wire flag bit 1)
 */
public record TraceBlock(String session, long frame, int block, int firstNeuron, long acquisitionNs,
                         boolean partialFrame, float[] dff, float[] raw) {

    /** Wire flag: not every plane of the frame arrived. */
    public static final int FLAG_PARTIAL_FRAME = 1;
    /** Wire flag: raw F follows ΔF/F. */
    public static final int FLAG_RAW_PRESENT = 2;
    private static final float[] NONE = new float[0];

    public TraceBlock {
        Names.requireSession(session);
        Check.atLeast("frame", frame, 0);
        Check.range("block", block, 0, Limits.MAX_BLOCK);
        Check.range("firstNeuron", firstNeuron, 0, Limits.MAX_TOTAL_NEURONS - 1);
        Check.atLeast("acquisitionNs", acquisitionNs, 0);
        Check.notNull("dff", dff);
        Check.range("neuronCount", dff.length, 1, Limits.MAX_NEURONS_PER_BLOCK);
        Check.finite("dff", dff);
        raw = raw == null ? NONE : raw;
        if (raw.length != 0) {
            Check.length("raw", raw.length, dff.length, "one per neuron, or none");
            Check.finite("raw", raw);
        }
    }

    public int neuronCount() {
        return dff.length;
    }

    public boolean hasRaw() {
        return raw.length != 0;
    }

    /** The wire flags: bit 0 partial frame, bit 1 raw present. */
    public int flags() {
        return (partialFrame ? FLAG_PARTIAL_FRAME : 0) | (hasRaw() ? FLAG_RAW_PRESENT : 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceBlock t && session.equals(t.session) && frame == t.frame && block == t.block
                && firstNeuron == t.firstNeuron && acquisitionNs == t.acquisitionNs
                && partialFrame == t.partialFrame && Arrays.equals(dff, t.dff) && Arrays.equals(raw, t.raw);
    }

    @Override
    public int hashCode() {
        int h = session.hashCode();
        h = 31 * h + Long.hashCode(frame);
        h = 31 * h + block;
        return 31 * h + Arrays.hashCode(dff);
    }

    @Override
    public String toString() {
        return "TraceBlock[session=" + session + ", frame=" + frame + ", block=" + block + ", firstNeuron="
                + firstNeuron + ", acquisitionNs=" + acquisitionNs + ", partialFrame=" + partialFrame
                + ", dff=" + Check.summary(dff) + ", raw=" + Check.summary(raw) + "]";
    }
}
