package org.zaploop.sim.twin;

import java.nio.file.Path;
import org.zaploop.sim.export.FishExport;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.VirtualFish;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.networks.ZebrafishNetwork;

/** Neuron tables for the twin's tests: centroids where the zebrafish layout puts its neurons. */
final class TwinFixtures {

    static final int WIDTH = 128;
    static final int HEIGHT = 83;
    static final int DEPTH = 12;

    private TwinFixtures() {
    }

    /** A small virtual fish (900 neurons, seed 3) recorded for {@code frames} volumes under {@code schedule}, read back. */
    static RecordedSession recorded(Path dir, int frames, String... schedule) throws java.io.IOException {
        FishGeometry g = new FishGeometry(96, 64, 6, 8.7, 48, 0.9141, 900);
        Path archive = FishExport.run(dir.resolve("s"), VirtualFish.Config.defaults(g, 3), "fixture", frames,
                schedule, 1, v -> { });
        return RecordedSession.read(archive);
    }

    /** A table of {@code n} neurons placed like the fish's (another seed than any twin's), in voxels. */
    static RegionMap table(int n, long seed) {
        NetworkSpec spec = ZebrafishNetwork.spec(n, 10, 1.0, seed);
        float[] pos = spec.positionsUm();
        float[] cx = new float[n];
        float[] cy = new float[n];
        float[] cz = new float[n];
        for (int i = 0; i < n; i++) {
            cx[i] = (float) (pos[3 * i] / ZebrafishNetwork.VOLUME_X_UM * WIDTH - 0.5);
            cy[i] = (float) (pos[3 * i + 1] / ZebrafishNetwork.VOLUME_Y_UM * HEIGHT - 0.5);
            cz[i] = (float) (pos[3 * i + 2] / ZebrafishNetwork.VOLUME_Z_UM * DEPTH - 0.5);
        }
        return RegionMap.fromCentroids(cx, cy, cz, WIDTH, HEIGHT, DEPTH);
    }

    static double correlation(double[] x, double[] y, int from) {
        double mx = 0;
        double my = 0;
        int n = x.length - from;
        for (int i = from; i < x.length; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = from; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
