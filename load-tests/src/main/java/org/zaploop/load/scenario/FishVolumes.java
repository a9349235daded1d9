package org.zaploop.load.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.zaploop.processors.imaging.topology.SegmentationPublisher;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.Motion;
import org.zaploop.sim.fish.MotionParams;
import org.zaploop.sim.fish.PlaneRenderer;
import org.zaploop.sim.fish.RigOutput;
import org.zaploop.sim.fish.StandardFish;
import org.zaploop.sim.fish.VirtualFish;

/**
 * A few volumes of the virtual fish rendered up front (rendering is not what a load test or a benchmark measures),
 * with the fish's nuclei as a neuron table: a disc of the nucleus radius in each neuron's nearest plane. The table
 * is computed from the centroids rather than from the renderer's label volume, which at ZAPBench size would take
 * 783 MB of ints.
 *
 * @param volumes [volume][z][pixel] uint16 pixels, x fastest
 * @param table   the neuron table in blocks of {@link SegmentationPublisher#BLOCK_NEURONS}, for {@code session}
 */
public record FishVolumes(short[][][] volumes, List<NeuronTableBlock> table) {

    /** Renders {@code count} volumes of a fish of geometry {@code g}, with its table for {@code session}. */
    public static FishVolumes render(FishGeometry g, int count, String session) {
        short[][][] volumes = new short[count][g.depth()][];
        RigOutput none = new RigOutput() {
            @Override
            public void plane(long frame, int z, long acquisitionNs, short[] pixels) {
            }

            @Override
            public void ephys(long firstSample, long acquisitionNs, float[] data, int samples) {
            }

            @Override
            public void presented(String s, Map<String, Double> p, int c, long t, long seq, String note) {
            }
        };
        try (StandardFish sf = StandardFish.build(VirtualFish.Config.defaults(g, 1), none, 0, 1)) {
            PlaneRenderer r = sf.fish().renderer();
            Motion motion = new Motion(MotionParams.typical(), 3);
            float[] f = new float[g.neurons()];
            SplittableRandom rnd = new SplittableRandom(5);
            for (int v = 0; v < count; v++) {
                for (int i = 0; i < f.length; i++) {
                    f[i] = 1f + (rnd.nextDouble() < 0.1 ? (float) rnd.nextDouble() : 0f);
                }
                for (int z = 0; z < g.depth(); z++) {
                    volumes[v][z] = new short[g.pixelsPerPlane()];
                    r.render(z, motion, f, volumes[v][z]);
                }
                motion.nextVolume();
            }
            return new FishVolumes(volumes, discTable(session, g, r.centroidsVoxels(), r.nucleusRadiusVoxels()));
        }
    }

    /** Footprint voxels of the whole table. */
    public long footprintVoxels() {
        return table.stream().mapToLong(b -> b.footprintVoxels().length).sum();
    }

    /** The fish's nuclei as a table: a disc of the nucleus radius in each neuron's nearest plane. */
    private static List<NeuronTableBlock> discTable(String session, FishGeometry g, float[] c, float radius) {
        int n = c.length / 3;
        int w = g.width();
        int h = g.height();
        int[] start = new int[n + 1];
        int r = (int) Math.ceil(radius);
        int[] buf = new int[(2 * r + 1) * (2 * r + 1) * n];
        int at = 0;
        for (int i = 0; i < n; i++) {
            int z = Math.max(0, Math.min(g.depth() - 1, Math.round(c[3 * i + 2])));
            int cx = Math.round(c[3 * i]);
            int cy = Math.round(c[3 * i + 1]);
            for (int y = Math.max(0, cy - r); y <= Math.min(h - 1, cy + r); y++) {
                for (int x = Math.max(0, cx - r); x <= Math.min(w - 1, cx + r); x++) {
                    if ((x - c[3 * i]) * (x - c[3 * i]) + (y - c[3 * i + 1]) * (y - c[3 * i + 1]) <= radius * radius) {
                        buf[at++] = x + y * w + z * w * h;
                    }
                }
            }
            if (at == start[i]) {
                buf[at++] = Math.max(0, Math.min(w - 1, cx)) + Math.max(0, Math.min(h - 1, cy)) * w + z * w * h;
            }
            start[i + 1] = at;
        }
        List<NeuronTableBlock> blocks = new ArrayList<>();
        int bn = SegmentationPublisher.BLOCK_NEURONS;
        for (int b = 0; b * bn < n; b++) {
            int first = b * bn;
            int m = Math.min(bn, n - first);
            int[] ids = new int[m];
            float[] x = new float[m];
            float[] y = new float[m];
            float[] zz = new float[m];
            int[] bs = new int[m + 1];
            for (int i = 0; i < m; i++) {
                ids[i] = first + i;
                x[i] = c[3 * (first + i)];
                y[i] = c[3 * (first + i) + 1];
                zz[i] = c[3 * (first + i) + 2];
                bs[i + 1] = start[first + i + 1] - start[first];
            }
            blocks.add(new NeuronTableBlock(session, 1, b, first, n, w, h, g.depth(), 0, ids, x, y, zz, bs,
                    Arrays.copyOfRange(buf, start[first], start[first + m]), null));
        }
        return blocks;
    }
}
