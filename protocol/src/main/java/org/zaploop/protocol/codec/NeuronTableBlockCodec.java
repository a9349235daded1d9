package org.zaploop.protocol.codec;

import org.zaploop.protocol.records.Limits;
import org.zaploop.protocol.records.NeuronTableBlock;

/**
 * Binary format ZLNT of {@link NeuronTableBlock} ({@code zl.segmentation}). After the session string the header
 * holds {@code version, acquisitionNs} (int64), {@code block, firstNeuron, neuronCount, totalNeurons, width,
 * height, depth, footprintVoxelCount, flags} (int32; flags bit 0 = weights present); then the arrays
 * {@code ids} (int32 × n), {@code centroidX, centroidY, centroidZ} (float32 × n each), {@code footprintStart}
 * (int32 × (n+1)), {@code footprintVoxels} (int32 × nnz) and, with flag bit 0, {@code footprintWeights}
 * (float32 × nnz).
 */
public final class NeuronTableBlockCodec extends BinaryCodec<NeuronTableBlock> {

    public static final String MAGIC = "ZLNT";
    public static final int FLAG_WEIGHTS = 1;
    static final int FIXED_BYTES = 2 * 8 + 9 * 4;

    public NeuronTableBlockCodec() {
        super(MAGIC);
    }

    @Override
    NeuronTableBlock read(BinaryReader r) {
        String session = r.string("session");
        long version = r.i64("version");
        long acquisitionNs = r.i64("acquisitionNs");
        int block = r.i32("block");
        int firstNeuron = r.i32("firstNeuron");
        int n = r.i32In("neuronCount", 0, Limits.MAX_NEURONS_PER_BLOCK);
        int totalNeurons = r.i32("totalNeurons");
        int width = r.i32("width");
        int height = r.i32("height");
        int depth = r.i32("depth");
        int nnz = r.i32In("footprintVoxelCount", 0, Limits.MAX_FOOTPRINT_VOXELS);
        int flags = r.i32("flags");
        if ((flags & ~FLAG_WEIGHTS) != 0) {
            throw r.fail("field 'flags': unknown bits " + Integer.toHexString(flags & ~FLAG_WEIGHTS));
        }
        boolean weighted = (flags & FLAG_WEIGHTS) != 0;
        long arrayBytes = 4L * (4L * n + (n + 1L) + nnz + (weighted ? nnz : 0));
        r.endHeader(arrayBytes, "array");
        int[] ids = r.ints(n);
        float[] cx = r.floats(n);
        float[] cy = r.floats(n);
        float[] cz = r.floats(n);
        int[] start = r.ints(n + 1);
        int[] voxels = r.ints(nnz);
        float[] weights = weighted ? r.floats(nnz) : null;
        return new NeuronTableBlock(session, version, block, firstNeuron, totalNeurons, width, height, depth,
                acquisitionNs, ids, cx, cy, cz, start, voxels, weights);
    }

    @Override
    byte[] write(NeuronTableBlock b) {
        int n = b.neuronCount();
        int nnz = b.footprintVoxels().length;
        long arrayBytes = 4L * (4L * n + (n + 1L) + nnz + (b.hasWeights() ? nnz : 0));
        BinaryWriter w = BinaryWriter.start(MAGIC, FIXED_BYTES, arrayBytes, b.session())
                .i64(b.version()).i64(b.acquisitionNs())
                .i32(b.block()).i32(b.firstNeuron()).i32(n).i32(b.totalNeurons())
                .i32(b.width()).i32(b.height()).i32(b.depth()).i32(nnz).i32(b.hasWeights() ? FLAG_WEIGHTS : 0)
                .ints(b.ids()).floats(b.centroidX()).floats(b.centroidY()).floats(b.centroidZ())
                .ints(b.footprintStart()).ints(b.footprintVoxels());
        if (b.hasWeights()) {
            w.floats(b.footprintWeights());
        }
        return w.toBytes();
    }
}
