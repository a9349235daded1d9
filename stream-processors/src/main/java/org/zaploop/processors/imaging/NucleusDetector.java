package org.zaploop.processors.imaging;

import java.util.Arrays;

/**
 * Finds cell nuclei in a registered reference volume: 3-D difference of Gaussians at nucleus scale, local maxima
 * above a noise threshold, one seed per nucleus, voxels assigned to the nearest seed within the nucleus radius,
 * and size limits on the result.
 *
 * <p>Steps: (1) band-pass the volume with G(σ) − G(1.6σ) ({@link Params#sigma()}, {@link Params#sigmaZ()}; by
 * default 0.6 × the disc-matched radius / √2, see {@link Params#forRadius}), by separable 1-D convolutions; (2) seeds are voxels whose response is the largest of their 3 × 3 × 3 neighbourhood and exceeds
 * {@code thresholdSigmas} robust standard deviations (1.4826 · median absolute deviation) of the response; seeds
 * closer than one radius to a stronger seed are dropped; (3) a seed's core is every voxel within the ellipsoid of
 * the radii around it and brighter than half-way from the background (the volume's median) to the seed's peak,
 * each voxel to the nearest seed; (4) seeds whose core has fewer than {@code minVoxels} or more than
 * {@code maxVoxels} voxels are dropped; centroids are intensity-weighted (above background) means of the cores;
 * (5) a nucleus' footprint is every voxel within {@value #FOOTPRINT_SCALE} radii of its centre (x, y and z) that
 * is nearer to it than to any other nucleus and adds at least a tenth of its peak, weighted by that brightness
 * above background. The weights make the trace a matched filter of the nucleus' image: the best signal-to-noise
 * ratio under shot noise, and, because a weighted sum over the whole image peaks where the image sits, a trace
 * that a residual shift of a fraction of a voxel (or of a plane, in z) changes only to second order, where a
 * hard-edged half-maximum footprint changes to first order.
 *
 * <p>Works on primitive arrays; the scratch volumes are allocated per call (a detection is a rare, whole-volume
 * operation). Reads and writes no topic or store.
 */
public final class NucleusDetector {

    /**
     * @param radius          nucleus radius in x and y, voxels
     * @param radiusZ         nucleus radius in z, planes (at least half a plane is used)
     * @param sigma           inner scale of the difference of Gaussians in x and y, voxels (the outer is 1.6 ×)
     * @param sigmaZ          its inner scale in z, planes (below 0.3: no blur in z)
     * @param thresholdSigmas response threshold in robust standard deviations
     * @param minVoxels       smallest core kept
     * @param maxVoxels       largest core kept
     */
    public record Params(float radius, float radiusZ, float sigma, float sigmaZ, double thresholdSigmas,
                         int minVoxels, int maxVoxels) {
        public Params {
            if (!(radius > 0) || !(radiusZ > 0) || !(sigma > 0) || !(sigmaZ >= 0) || !(thresholdSigmas >= 0)
                    || minVoxels < 1 || maxVoxels < minVoxels) {
                throw new IllegalArgumentException("bad nucleus detection parameters: radius " + radius + ", z "
                        + radiusZ + ", scales " + sigma + ", " + sigmaZ + ", threshold " + thresholdSigmas
                        + ", voxels " + minVoxels + ".." + maxVoxels);
            }
        }

        /**
         * Defaults that follow from the radius. The band-pass is narrower than the disc-matched σ = r/√2
         * ({@value #SCALE} of it): nuclei pack against each other one diameter apart, and at r/√2 two touching
         * nuclei blur into one maximum (in z especially, where the light sheet already spreads each over more than
         * a plane). The threshold is 5 robust SDs of the response; cores hold at least a third of a disc of the
         * radius and at most three times a disc in every plane of the nucleus' height.
         */
        public static Params forRadius(float radius, float radiusZ) {
            double disc = Math.PI * radius * radius;
            float rz = Math.max(0.5f, radiusZ);
            int planes = Math.max(1, (int) Math.ceil(2 * rz));
            return new Params(radius, radiusZ, (float) (SCALE * radius / Math.sqrt(2)),
                    (float) (SCALE * rz / Math.sqrt(2)), 5.0, Math.max(2, (int) (disc / 3)),
                    Math.max(4, (int) Math.ceil(3 * disc * planes)));
        }

        /** The difference of Gaussians' inner scale as a share of the disc-matched σ = r/√2. */
        public static final float SCALE = 0.6f;
    }

    /**
     * Detected nuclei: centroids in voxels and CSR footprints (nucleus i owns linear voxels
     * {@code voxels[start[i] .. start[i+1])}, {@code x + y·W + z·W·H}, increasing, with {@code weights} parallel:
     * the voxel's brightness above background in the mean the nuclei were detected on).
     */
    public record Nuclei(int count, float[] x, float[] y, float[] z, int[] start, int[] voxels, float[] weights) {
    }

    /** Footprints reach this many nucleus radii from the centre (in x, y and z). */
    static final float FOOTPRINT_SCALE = 1.5f;
    /** Footprint voxels add at least this share of the centre's brightness above background. */
    static final float RIM_FRACTION = 0.1f;

    private final Params params;

    public NucleusDetector(Params params) {
        this.params = params;
    }

    public Params params() {
        return params;
    }

    /** Detects the nuclei of {@code volume} (w × h × d, x fastest). */
    public Nuclei detect(float[] volume, int w, int h, int d) {
        if (volume.length != w * h * d) {
            throw new IllegalArgumentException("volume has " + volume.length + " voxels, expected " + w + " × " + h
                    + " × " + d);
        }
        float rz = Math.max(0.5f, params.radiusZ());
        float sxy = params.sigma();
        float sz = params.sigmaZ();
        float[] narrow = volume.clone();
        blur(narrow, w, h, d, sxy, sz);
        float[] dog = volume.clone();
        blur(dog, w, h, d, 1.6f * sxy, 1.6f * sz);
        for (int i = 0; i < dog.length; i++) {
            dog[i] = narrow[i] - dog[i];
        }
        float threshold = (float) (params.thresholdSigmas() * robustSigma(dog));
        int[] seeds = maxima(dog, w, h, d, Math.max(threshold, 1e-6f));
        seeds = suppress(seeds, dog, w, h, params.radius(), rz);
        float background = median(volume);
        return assign(volume, w, h, d, seeds, background, rz);
    }

    /** In-place separable Gaussian blur (σ in voxels per axis; σ below 0.3 leaves that axis as it is). */
    static void blur(float[] v, int w, int h, int d, float sxy, float sz) {
        float[] kxy = kernel(sxy);
        float[] kz = kernel(sz);
        int len = Math.max(w, Math.max(h, d));
        float[] line = new float[len];
        float[] out = new float[len];
        int plane = w * h;
        if (kxy.length > 1) {
            for (int z = 0; z < d; z++) {
                for (int y = 0; y < h; y++) {
                    convolveLine(v, z * plane + y * w, 1, w, kxy, line, out);
                }
                for (int x = 0; x < w; x++) {
                    convolveLine(v, z * plane + x, w, h, kxy, line, out);
                }
            }
        }
        if (kz.length > 1) {
            for (int p = 0; p < plane; p++) {
                convolveLine(v, p, plane, d, kz, line, out);
            }
        }
    }

    /** Normalised Gaussian taps (odd length, radius ⌈3σ⌉), or {1} for σ below 0.3. */
    static float[] kernel(float sigma) {
        if (sigma < 0.3f) {
            return new float[] {1f};
        }
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2.0 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        return k;
    }

    /** One line of n values at v[off + i·stride] convolved with k, edges repeated; in place via the scratch. */
    private static void convolveLine(float[] v, int off, int stride, int n, float[] k, float[] line, float[] out) {
        for (int i = 0; i < n; i++) {
            line[i] = v[off + i * stride];
        }
        int r = k.length / 2;
        // out[i] = Σ_j k[j] · line[clamp(i + j − r)]
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int j = 0; j < k.length; j++) {
                int at = i + j - r;
                s += k[j] * line[at < 0 ? 0 : (at >= n ? n - 1 : at)];
            }
            out[i] = s;
        }
        for (int i = 0; i < n; i++) {
            v[off + i * stride] = out[i];
        }
    }

    /** 1.4826 × the median absolute deviation of a sample of the values (every k-th, up to a million). */
    private static double robustSigma(float[] v) {
        int step = Math.max(1, v.length / 1_000_000);
        float[] s = new float[(v.length + step - 1) / step];
        for (int i = 0, j = 0; i < v.length; i += step, j++) {
            s[j] = v[i];
        }
        float med = medianInPlace(s);
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.abs(s[i] - med);
        }
        return 1.4826 * medianInPlace(s);
    }

    private static float median(float[] v) {
        int step = Math.max(1, v.length / 1_000_000);
        float[] s = new float[(v.length + step - 1) / step];
        for (int i = 0, j = 0; i < v.length; i += step, j++) {
            s[j] = v[i];
        }
        return medianInPlace(s);
    }

    private static float medianInPlace(float[] s) {
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Linear indices of voxels above threshold that are the maximum of their 3 × 3 × 3 neighbourhood. */
    private static int[] maxima(float[] r, int w, int h, int d, float threshold) {
        int plane = w * h;
        int[] out = new int[1024];
        int n = 0;
        for (int z = 0; z < d; z++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = x + y * w + z * plane;
                    float c = r[i];
                    if (c <= threshold || !isMax(r, w, h, d, x, y, z, c, i)) {
                        continue;
                    }
                    if (n == out.length) {
                        out = Arrays.copyOf(out, 2 * n);
                    }
                    out[n++] = i;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Whether c at (x, y, z) beats every neighbour (ties go to the lower linear index). */
    private static boolean isMax(float[] r, int w, int h, int d, int x, int y, int z, float c, int i) {
        int plane = w * h;
        for (int zz = Math.max(0, z - 1); zz <= Math.min(d - 1, z + 1); zz++) {
            for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                    int j = xx + yy * w + zz * plane;
                    if (j != i && (r[j] > c || (r[j] == c && j < i))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Drops seeds within the radius (x, y) and radiusZ (z) of a stronger seed; strongest first. */
    private static int[] suppress(int[] seeds, float[] r, int w, int h, float radius, float rz) {
        Integer[] order = new Integer[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(r[seeds[b]], r[seeds[a]]));
        int plane = w * h;
        int cell = Math.max(1, (int) Math.ceil(radius));
        int cw = w / cell + 1;
        int ch = h / cell + 1;
        // kept seeds bucketed by (x, y) cell so each test looks at the 3 × 3 cells around it
        java.util.Map<Integer, java.util.List<Integer>> grid = new java.util.HashMap<>();
        int[] kept = new int[seeds.length];
        int n = 0;
        float r2 = radius * radius;
        for (int o : order) {
            int s = seeds[o];
            int z = s / plane;
            int x = s % plane % w;
            int y = s % plane / w;
            int gx = x / cell;
            int gy = y / cell;
            boolean near = false;
            for (int yy = gy - 1; yy <= gy + 1 && !near; yy++) {
                for (int xx = gx - 1; xx <= gx + 1 && !near; xx++) {
                    java.util.List<Integer> in = grid.get(xx + yy * cw);
                    if (in == null) {
                        continue;
                    }
                    for (int k : in) {
                        int kz = k / plane;
                        int kx = k % plane % w;
                        int ky = k % plane / w;
                        if (Math.abs(kz - z) <= rz && (kx - x) * (kx - x) + (ky - y) * (ky - y) < r2) {
                            near = true;
                            break;
                        }
                    }
                }
            }
            if (!near) {
                kept[n++] = s;
                grid.computeIfAbsent(gx + gy * cw, k -> new java.util.ArrayList<>()).add(s);
            }
        }
        int[] out = Arrays.copyOf(kept, n);
        Arrays.sort(out);
        return out;
    }

    /**
     * Cores (voxels within the radii and above half-maximum) decide which seeds are nuclei (size limits) and where
     * their centres are; footprints are the wider weighted neighbourhoods of the kept nuclei.
     */
    private Nuclei assign(float[] v, int w, int h, int d, int[] seeds, float background, float rz) {
        int plane = w * h;
        int[] owner = new int[v.length];
        float[] dist = new float[v.length];
        // cores: voxels of the radii's ellipsoid at or above half the seed's peak, to the nearest such seed
        claim(v, w, h, d, seeds, null, background, params.radius(), rz, 0.5f, owner, dist);
        int[] count = new int[seeds.length];
        for (int o : owner) {
            if (o >= 0) {
                count[o]++;
            }
        }
        int kept = 0;
        int[] keptSeeds = new int[seeds.length];
        double[] sw = new double[seeds.length];
        double[] sx = new double[seeds.length];
        double[] sy = new double[seeds.length];
        double[] sz = new double[seeds.length];
        for (int i = 0; i < owner.length; i++) {
            int s = owner[i];
            if (s < 0) {
                continue;
            }
            double wt = Math.max(1e-3, v[i] - background);
            sw[s] += wt;
            sx[s] += wt * (i % plane % w);
            sy[s] += wt * (i % plane / w);
            sz[s] += wt * (i / plane);
        }
        float[] x = new float[seeds.length];
        float[] y = new float[seeds.length];
        float[] z = new float[seeds.length];
        for (int s = 0; s < seeds.length; s++) {
            if (count[s] >= params.minVoxels() && count[s] <= params.maxVoxels()) {
                x[kept] = (float) (sx[s] / sw[s]);
                y[kept] = (float) (sy[s] / sw[s]);
                z[kept] = (float) (sz[s] / sw[s]);
                keptSeeds[kept++] = seeds[s];
            }
        }
        int[] nuclei = Arrays.copyOf(keptSeeds, kept);
        // footprints: the wider ellipsoid around each kept nucleus' centre, voxels to the nearest centre, weighted
        // by what the nucleus adds to the mean above background; the faint rim (under a tenth of the peak) is left
        claim(v, w, h, d, nuclei, new float[][] {x, y, z}, background, FOOTPRINT_SCALE * params.radius(),
                FOOTPRINT_SCALE * rz, RIM_FRACTION, owner, dist);
        int[] start = new int[kept + 1];
        for (int o : owner) {
            if (o >= 0) {
                start[o + 1]++;
            }
        }
        for (int k = 0; k < kept; k++) {
            start[k + 1] += start[k];
        }
        int[] voxels = new int[start[kept]];
        float[] weights = new float[start[kept]];
        int[] fill = Arrays.copyOf(start, kept);
        for (int i = 0; i < owner.length; i++) {
            int k = owner[i];
            if (k >= 0) {
                weights[fill[k]] = Math.max(1e-3f, v[i] - background);
                voxels[fill[k]++] = i;
            }
        }
        return new Nuclei(kept, Arrays.copyOf(x, kept), Arrays.copyOf(y, kept), Arrays.copyOf(z, kept), start,
                voxels, weights);
    }

    /**
     * Gives each voxel within the ellipsoid of radii (rxy, rz) around a centre, and at least {@code fraction} of the
     * way from the background to the centre voxel's value, to the centre it is nearest to in units of the nucleus
     * radii. Centres are the seeds' voxels, or the given fractional (x, y, z) when {@code at} is not null. Resets
     * {@code owner} (−1 = nobody's) and uses {@code dist} as scratch.
     */
    private void claim(float[] v, int w, int h, int d, int[] seeds, float[][] at, float background, float rxy,
                       float rz, float fraction, int[] owner, float[] dist) {
        Arrays.fill(owner, -1);
        int plane = w * h;
        float r2 = params.radius() * params.radius();
        float rz0 = Math.max(0.5f, params.radiusZ());
        for (int s = 0; s < seeds.length; s++) {
            int c = seeds[s];
            float cx = at == null ? c % plane % w : at[0][s];
            float cy = at == null ? c % plane / w : at[1][s];
            float cz = at == null ? c / plane : at[2][s];
            float peak = v[c];
            float floor = background + fraction * (peak - background);
            int x0 = Math.max(0, (int) Math.ceil(cx - rxy));
            int x1 = Math.min(w - 1, (int) Math.floor(cx + rxy));
            int y0 = Math.max(0, (int) Math.ceil(cy - rxy));
            int y1 = Math.min(h - 1, (int) Math.floor(cy + rxy));
            int z0 = Math.max(0, (int) Math.ceil(cz - rz));
            int z1 = Math.min(d - 1, (int) Math.floor(cz + rz));
            // per voxel of the box: inside the ellipsoid, bright enough, and nearer (in nucleus radii) than its owner
            for (int z = z0; z <= z1; z++) {
                float dz = z - cz;
                for (int y = y0; y <= y1; y++) {
                    float dy = y - cy;
                    for (int x = x0; x <= x1; x++) {
                        float dx = x - cx;
                        int i = x + y * w + z * plane;
                        float inside = (dx * dx + dy * dy) / (rxy * rxy) + dz * dz / (rz * rz);
                        float e = (dx * dx + dy * dy) / r2 + dz * dz / (rz0 * rz0);
                        if (inside > 1f || (v[i] < floor && i != c) || (owner[i] >= 0 && dist[i] <= e)) {
                            continue;
                        }
                        owner[i] = s;
                        dist[i] = e;
                    }
                }
            }
        }
    }
}
