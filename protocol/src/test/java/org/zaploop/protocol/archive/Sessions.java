package org.zaploop.protocol.archive;

import java.util.Map;

/** Small deterministic sessions for archive tests. */
final class Sessions {

    static final int W = 6;
    static final int H = 4;
    static final int D = 3;
    static final int NEURONS = 700;
    static final int CHANNELS = 3;

    private Sessions() {
    }

    static ArchiveMeta meta() {
        return new ArchiveMeta("fish-01", W, H, D, 0.406, 0.406, 4.0, 0.9141, NEURONS, CHANNELS, 6000.0,
                Map.of("rig", -1234L));
    }

    static short[] plane(long frame, int z) {
        short[] p = new short[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                p[x + W * y] = (short) (40000 + frame * 97 + z * 31 + x + 10 * y);
            }
        }
        return p;
    }

    static float dff(long frame, int neuron) {
        return (float) (frame * 0.001 + neuron * 1e-6 - 0.25);
    }

    static float[] traceFrame(long frame) {
        float[] f = new float[NEURONS];
        for (int n = 0; n < NEURONS; n++) {
            f[n] = dff(frame, n);
        }
        return f;
    }

    static float ephys(long sample, int channel) {
        return (float) Math.sin(sample * 0.01 + channel);
    }

    /** Interleaved block [sample][channel]. */
    static float[] ephysBlock(long first, int samples) {
        float[] d = new float[samples * CHANNELS];
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < CHANNELS; c++) {
                d[s * CHANNELS + c] = ephys(first + s, c);
            }
        }
        return d;
    }

    static int[] labels() {
        int[] l = new int[W * H * D];
        for (int i = 0; i < l.length; i++) {
            l[i] = (i * 7) % 11 == 0 ? 0 : 1 + (i % NEURONS);
        }
        return l;
    }

    static NeuronTable table(int n) {
        int[] ids = new int[n];
        float[] x = new float[n];
        float[] y = new float[n];
        float[] z = new float[n];
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
            x[i] = i * 0.5f;
            y[i] = i * 0.25f;
            z[i] = i % D;
            v[i] = 10 + i % 40;
        }
        return new NeuronTable(ids, x, y, z, v);
    }
}
