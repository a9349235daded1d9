package org.zaploop.protocol.codec;

import org.zaploop.protocol.records.Limits;
import org.zaploop.protocol.records.TraceBlock;

/**
 * Binary format ZLTR of {@link TraceBlock} ({@code zl.traces}). After the session string the header holds
 * {@code frame, acquisitionNs} (int64), {@code block, firstNeuron, neuronCount, flags} (int32; bit 0 partial
 * frame, bit 1 raw present); then {@code dff} (float32 × n) and, with bit 1, {@code raw} (float32 × n).
 */
public final class TraceBlockCodec extends BinaryCodec<TraceBlock> {

    public static final String MAGIC = "ZLTR";
    static final int FIXED_BYTES = 2 * 8 + 4 * 4;
    private static final int KNOWN_FLAGS = TraceBlock.FLAG_PARTIAL_FRAME | TraceBlock.FLAG_RAW_PRESENT;

    public TraceBlockCodec() {
        super(MAGIC);
    }

    @Override
    TraceBlock read(BinaryReader r) {
        String session = r.string("session");
        long frame = r.i64("frame");
        long acquisitionNs = r.i64("acquisitionNs");
        int block = r.i32("block");
        int firstNeuron = r.i32("firstNeuron");
        int n = r.i32In("neuronCount", 1, Limits.MAX_NEURONS_PER_BLOCK);
        int flags = r.i32("flags");
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw r.fail("field 'flags': unknown bits 0x" + Integer.toHexString(flags & ~KNOWN_FLAGS));
        }
        boolean hasRaw = (flags & TraceBlock.FLAG_RAW_PRESENT) != 0;
        r.endHeader(4L * n * (hasRaw ? 2 : 1), "float32 trace");
        float[] dff = r.floats(n);
        float[] raw = hasRaw ? r.floats(n) : null;
        return new TraceBlock(session, frame, block, firstNeuron, acquisitionNs,
                (flags & TraceBlock.FLAG_PARTIAL_FRAME) != 0, dff, raw);
    }

    @Override
    byte[] write(TraceBlock t) {
        int n = t.neuronCount();
        return BinaryWriter.start(MAGIC, FIXED_BYTES, 4L * (n + t.raw().length), t.session())
                .i64(t.frame()).i64(t.acquisitionNs())
                .i32(t.block()).i32(t.firstNeuron()).i32(n).i32(t.flags())
                .floats(t.dff()).floats(t.raw())
                .toBytes();
    }
}
