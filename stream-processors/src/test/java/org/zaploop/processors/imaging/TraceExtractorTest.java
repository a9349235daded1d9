package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.zaploop.protocol.records.NeuronTableBlock;

class TraceExtractorTest {

    private final SyntheticSession fish = new SyntheticSession("fish-01", 48, 40, 4, 30, 3, 2f, 0, 3, 5);

    /** Direct: per neuron, mean over footprint voxels of the moved volume sampled bilinearly at (x+dx, y+dy). */
    private static double[] direct(NeuronFootprints fp, short[][] planes, double dx, double dy) {
        double[] out = new double[fp.neurons()];
        int w = fp.width();
        int h = fp.height();
        for (int i = 0; i < fp.neurons(); i++) {
            double s = 0;
            int n = 0;
            for (int k = fp.start()[i]; k < fp.start()[i + 1]; k++) {
                int v = fp.voxels()[k];
                int z = v / (w * h);
                double x = v % w + dx;
                double y = (v % (w * h)) / w + dy;
                int x0 = (int) Math.floor(x);
                int y0 = (int) Math.floor(y);
                double fx = x - x0;
                double fy = y - y0;
                short[] p = planes[z];
                double val = (1 - fx) * (1 - fy) * (p[x0 + y0 * w] & 0xFFFF)
                        + (fx == 0 ? 0 : fx * (1 - fy) * (p[x0 + 1 + y0 * w] & 0xFFFF))
                        + (fy == 0 ? 0 : (1 - fx) * fy * (p[x0 + (y0 + 1) * w] & 0xFFFF))
                        + (fx == 0 || fy == 0 ? 0 : fx * fy * (p[x0 + 1 + (y0 + 1) * w] & 0xFFFF));
                s += val;
                n++;
            }
            out[i] = s / n;
        }
        return out;
    }

    private static float[] extract(TraceExtractor ex, short[][] planes, float dx, float dy) {
        FrameAssembler a = new FrameAssembler(ex, 2, 1000);
        List<FrameAssembler.Frame> out = new ArrayList<>();
        for (int z = 0; z < planes.length; z++) {
            a.offer(0, z, 0, planes[z], dx, dy, 0, 0, out);
        }
        assertEquals(1, out.size());
        return out.get(0).raw();
    }

    @Test
    void equalsADirectComputationWithWholeAndSubVoxelShifts() {
        List<NeuronTableBlock> blocks = new ArrayList<>(fish.blocks(1, 7));
        Collections.reverse(blocks);
        NeuronFootprints fp = NeuronFootprints.assemble(blocks);
        TraceExtractor ex = new TraceExtractor(fp);
        short[][] planes = new short[fish.depth][];
        for (int z = 0; z < fish.depth; z++) {
            planes[z] = fish.render(1, z);
        }
        for (float[] s : new float[][] {{0, 0}, {2, -1}, {0.37f, -1.62f}}) {
            float[] raw = extract(ex, planes, s[0], s[1]);
            double[] want = direct(fp, planes, s[0], s[1]);
            for (int i = 0; i < fp.neurons(); i++) {
                assertEquals(want[i], raw[i], 1e-3 * want[i], "neuron " + i + " shift " + s[0] + "," + s[1]);
            }
        }
    }

    @Test
    void weightedFootprintsAndIncompleteTablesAreHandled() {
        List<NeuronTableBlock> blocks = fish.blocks(1, 16);
        NeuronTableBlock b = blocks.get(0);
        float[] w = new float[b.footprintVoxels().length];
        java.util.Arrays.fill(w, 2f);
        w[0] = 0f;
        NeuronTableBlock weighted = new NeuronTableBlock(b.session(), b.version(), b.block(), b.firstNeuron(),
                b.totalNeurons(), b.width(), b.height(), b.depth(), b.acquisitionNs(), b.ids(), b.centroidX(),
                b.centroidY(), b.centroidZ(), b.footprintStart(), b.footprintVoxels(), w);
        NeuronFootprints fp = NeuronFootprints.assemble(List.of(weighted, blocks.get(1)));
        assertTrue(fp.weights() != null);
        short[][] planes = new short[fish.depth][];
        for (int z = 0; z < fish.depth; z++) {
            planes[z] = fish.render(0, z);
        }
        float[] raw = extract(new TraceExtractor(fp), planes, 0, 0);
        // neuron 0: the first voxel has weight 0, the others equal weights → plain mean of the rest
        int v0 = fp.start()[0];
        double s = 0;
        for (int k = v0 + 1; k < fp.start()[1]; k++) {
            int v = fp.voxels()[k];
            s += planes[v / (fish.width * fish.height)][v % (fish.width * fish.height)] & 0xFFFF;
        }
        assertEquals(s / (fp.start()[1] - v0 - 1), raw[0], 1e-2);
        assertThrows(IllegalArgumentException.class, () -> NeuronFootprints.assemble(List.of(blocks.get(1))));
        assertThrows(IllegalArgumentException.class, () -> NeuronFootprints.assemble(
                List.of(blocks.get(0), fish.blocks(2, 16).get(1))));
    }
}
