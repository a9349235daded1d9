package org.zaploop.processors.imaging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;

/**
 * A tiny virtual fish for tests: neurons as Gaussian blobs (σ = 1.3 voxels) at known positions in a
 * width × height × depth volume, each with a baseline brightness and sparse calcium transients (true ΔF/F),
 * rendered per frame with a known rigid xy shift, a background and Gaussian camera noise. Footprints are the
 * voxels within radius 2 of each centroid in its plane (the label volume). Seeded, deterministic.
 */
final class SyntheticSession {

    final String session;
    final int width;
    final int height;
    final int depth;
    final int neurons;
    final int frames;
    final float[] cx;
    final float[] cy;
    final int[] cz;
    final float[] baseline;
    /** true ΔF/F, [frame][neuron]. */
    final float[][] dff;
    final float[] shiftX;
    final float[] shiftY;
    final int[] labels;
    private final Random rnd;
    private final double noise;

    SyntheticSession(String session, int width, int height, int depth, int neurons, int frames, float maxShift,
                     int stillFrames, double noise, long seed) {
        this.session = session;
        this.width = width;
        this.height = height;
        this.depth = depth;
        this.neurons = neurons;
        this.frames = frames;
        this.noise = noise;
        this.rnd = new Random(seed);
        cx = new float[neurons];
        cy = new float[neurons];
        cz = new int[neurons];
        baseline = new float[neurons];
        labels = new int[width * height * depth];
        int placed = 0;
        int margin = 4 + (int) Math.ceil(maxShift);
        while (placed < neurons) {
            int x = margin + rnd.nextInt(width - 2 * margin);
            int y = margin + rnd.nextInt(height - 2 * margin);
            int z = rnd.nextInt(depth);
            boolean free = true;
            for (int i = 0; i < placed && free; i++) {
                free = cz[i] != z || Math.hypot(cx[i] - x, cy[i] - y) >= 6;
            }
            if (!free) {
                continue;
            }
            cx[placed] = x;
            cy[placed] = y;
            cz[placed] = z;
            baseline[placed] = 300 + rnd.nextInt(500);
            for (int yy = y - 2; yy <= y + 2; yy++) {
                for (int xx = x - 2; xx <= x + 2; xx++) {
                    if ((xx - x) * (xx - x) + (yy - y) * (yy - y) <= 4) {
                        labels[xx + yy * width + z * width * height] = placed + 1;
                    }
                }
            }
            placed++;
        }
        dff = new float[frames][neurons];
        for (int i = 0; i < neurons; i++) {
            double c = 0;
            for (int t = 0; t < frames; t++) {
                c *= 0.8;
                if (rnd.nextDouble() < 0.05) {
                    c += 0.3 + 0.7 * rnd.nextDouble();
                }
                dff[t][i] = (float) c;
            }
        }
        shiftX = new float[frames];
        shiftY = new float[frames];
        for (int t = stillFrames; t < frames; t++) {
            shiftX[t] = (float) ((rnd.nextDouble() * 2 - 1) * maxShift);
            shiftY[t] = (float) ((rnd.nextDouble() * 2 - 1) * maxShift);
        }
    }

    /** Replaces the shifts by a slow drift: a Lissajous path of amplitude {@code amplitude} voxels. */
    SyntheticSession drifting(float amplitude, int stillFrames) {
        for (int t = 0; t < frames; t++) {
            double u = Math.max(0, t - stillFrames);
            shiftX[t] = (float) (amplitude * Math.sin(u / 9.0));
            shiftY[t] = (float) (amplitude * (Math.sin(u / 13.0 + 0.5) - Math.sin(0.5)));
        }
        return this;
    }

    /** Renders plane z of frame t: background 100 + blobs of amplitude baseline·(1 + ΔF/F) moved by the shift. */
    short[] render(int t, int z) {
        double[] img = new double[width * height];
        Arrays.fill(img, 100);
        for (int i = 0; i < neurons; i++) {
            if (cz[i] != z) {
                continue;
            }
            double a = baseline[i] * (1 + dff[t][i]);
            double mx = cx[i] + shiftX[t];
            double my = cy[i] + shiftY[t];
            for (int y = (int) my - 5; y <= (int) my + 6; y++) {
                for (int x = (int) mx - 5; x <= (int) mx + 6; x++) {
                    if (x >= 0 && y >= 0 && x < width && y < height) {
                        double r2 = (x - mx) * (x - mx) + (y - my) * (y - my);
                        img[x + y * width] += a * Math.exp(-r2 / (2 * 1.3 * 1.3));
                    }
                }
            }
        }
        short[] px = new short[width * height];
        for (int p = 0; p < px.length; p++) {
            px[p] = (short) Math.max(0, Math.min(65535, Math.round(img[p] + noise * rnd.nextGaussian())));
        }
        return px;
    }

    Plane plane(int t, int z) {
        return Plane.whole(session, t, z, depth, acquisitionNs(t, z), width, height, render(t, z));
    }

    long acquisitionNs(int t, int z) {
        return 1_000_000_000L * 1_700_000_000L + t * 1_000_000_000L + z * 10_000_000L;
    }

    /** The neuron table of the label volume as blocks of {@code blockSize} neurons, version {@code version}. */
    List<NeuronTableBlock> blocks(long version, int blockSize) {
        List<List<Integer>> vox = new ArrayList<>();
        for (int i = 0; i < neurons; i++) {
            vox.add(new ArrayList<>());
        }
        for (int v = 0; v < labels.length; v++) {
            if (labels[v] > 0) {
                vox.get(labels[v] - 1).add(v);
            }
        }
        List<NeuronTableBlock> out = new ArrayList<>();
        for (int b = 0; b * blockSize < neurons; b++) {
            int first = b * blockSize;
            int n = Math.min(blockSize, neurons - first);
            int[] start = new int[n + 1];
            for (int i = 0; i < n; i++) {
                start[i + 1] = start[i] + vox.get(first + i).size();
            }
            int[] v = new int[start[n]];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < vox.get(first + i).size(); k++) {
                    v[start[i] + k] = vox.get(first + i).get(k);
                }
            }
            int[] ids = new int[n];
            float[] x = new float[n];
            float[] y = new float[n];
            float[] zz = new float[n];
            for (int i = 0; i < n; i++) {
                ids[i] = first + i + 1;
                x[i] = cx[first + i];
                y[i] = cy[first + i];
                zz[i] = cz[first + i];
            }
            out.add(new NeuronTableBlock(session, version, b, first, neurons, width, height, depth,
                    acquisitionNs(0, 0), ids, x, y, zz, start, v, null));
        }
        return out;
    }

    NeuronFootprints footprints() {
        return NeuronFootprints.assemble(blocks(1, 512));
    }

    static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
