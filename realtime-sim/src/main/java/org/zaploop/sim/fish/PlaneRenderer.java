package org.zaploop.sim.fish;

import java.util.SplittableRandom;

/**
 * The light-sheet microscope's view of the fish: renders one z-plane of uint16 camera counts from the neurons'
 * positions, their current fluorescence and the fish's motion.
 *
 * <p>Each nucleus images as a uniformly bright disc of the nucleus' radius in x and y, its rim blurred by the
 * optics, scaled in z by the axial spread (light-sheet thickness), at its moved position: rigid shift plus the
 * elastic field at its reference position. {@link #labels()} marks the same discs, so a segmentation loaded from
 * the export covers the voxels each nucleus lights up. The camera adds background,
 * photon shot noise (Gaussian approximation of Poisson), read noise, gain and offset, and clips to uint16.
 * Nothing is allocated per plane or per voxel: the caller owns the output, the scratch arrays live here.
 */
public final class PlaneRenderer {

    private static final int NOISE_TABLE_BITS = 20;
    private static final int NOISE_MASK = (1 << NOISE_TABLE_BITS) - 1;
    private static final int PROFILE_STEPS = 4096;
    /** Lateral blur of a nucleus' edge (optics), µm. */
    private static final double EDGE_UM = 0.5;

    private final FishGeometry geometry;
    private final CameraParams camera;
    private final float[] xVox;
    private final float[] yVox;
    private final float[] zVox;
    private final float[] xUm;
    private final float[] yUm;
    private final float[] restPhotons;
    private final float radius;
    private final float sigmaZ;
    private final int halfBox;
    private final float[] profile;
    private final float profileScale;
    private final float profileEnd;
    private final float[] plane;
    private final float[] noise;
    private final SplittableRandom rng;

    /**
     * @param positionsUm neuron positions in µm, interleaved x, y, z (length 3 × neurons), in the reference
     *                    (unmoved) frame with the origin at the volume's corner
     */
    public PlaneRenderer(FishGeometry geometry, CameraParams camera, float[] positionsUm, long seed) {
        int n = positionsUm.length / 3;
        if (positionsUm.length != 3 * n || n == 0) {
            throw new IllegalArgumentException("positions must be x, y, z triples, got " + positionsUm.length + " values");
        }
        this.geometry = geometry;
        this.camera = camera;
        this.rng = new SplittableRandom(seed);
        xVox = new float[n];
        yVox = new float[n];
        zVox = new float[n];
        xUm = new float[n];
        yUm = new float[n];
        restPhotons = new float[n];
        double sdLog = Math.sqrt(Math.log(1 + camera.brightnessCv() * camera.brightnessCv()));
        double muLog = Math.log(camera.meanBrightness()) - sdLog * sdLog / 2;
        for (int i = 0; i < n; i++) {
            xUm[i] = positionsUm[3 * i];
            yUm[i] = positionsUm[3 * i + 1];
            xVox[i] = (float) (positionsUm[3 * i] / geometry.voxelXyUm());
            yVox[i] = (float) (positionsUm[3 * i + 1] / geometry.voxelXyUm());
            zVox[i] = (float) (positionsUm[3 * i + 2] / geometry.voxelZUm());
            restPhotons[i] = (float) Math.exp(muLog + sdLog * gaussian());
        }
        radius = (float) (camera.nucleusRadiusUm() / geometry.voxelXyUm());
        double edge = Math.max(0.25, EDGE_UM / geometry.voxelXyUm());
        // A coarse z-step must still show every nucleus in at least one plane.
        sigmaZ = (float) (Math.max(camera.axialSigmaUm(), 0.45 * geometry.voxelZUm()) / geometry.voxelZUm());
        // The disc's image as a function of r²: a flat top falling off at the rim as the edge blur dictates,
        // 0.5 · erfc((r − R) / (√2 · edge)), tabulated so the render loop needs neither sqrt nor exp.
        profileEnd = (float) Math.pow(radius + 3 * edge, 2);
        profileScale = (PROFILE_STEPS - 1) / profileEnd;
        profile = new float[PROFILE_STEPS];
        for (int k = 0; k < PROFILE_STEPS; k++) {
            double r = Math.sqrt(k / (double) profileScale);
            profile[k] = (float) (0.5 * erfc((r - radius) / (Math.sqrt(2) * edge)));
        }
        halfBox = Math.max(1, (int) Math.ceil(radius + 3 * edge));
        plane = new float[geometry.pixelsPerPlane()];
        noise = new float[1 << NOISE_TABLE_BITS];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) gaussian();
        }
    }

    /** Nucleus radius in voxels (x and y): the rendered disc and the label footprint share it. */
    public float nucleusRadiusVoxels() {
        return radius;
    }

    /**
     * Renders plane {@code z} into {@code dest} (caller-owned, width × height, x fastest).
     *
     * @param fluorescence per neuron, F / F_rest (bleaching × (1 + ΔF/F)); not modified
     */
    public void render(int z, Motion motion, float[] fluorescence, short[] dest) {
        int w = geometry.width();
        int h = geometry.height();
        java.util.Arrays.fill(plane, (float) camera.background());
        float shiftX = (float) (motion.dxUm() / geometry.voxelXyUm());
        float shiftY = (float) (motion.dyUm() / geometry.voxelXyUm());
        float shiftZ = (float) (motion.dzUm() / geometry.voxelZUm());
        float inv2sz = 1f / (2 * sigmaZ * sigmaZ);
        float end = profileEnd;
        float scale = profileScale;
        for (int i = 0; i < xVox.length; i++) {
            float dz = z - (zVox[i] + shiftZ);
            float zWeight = (float) Math.exp(-dz * dz * inv2sz);
            if (zWeight < 0.01f) {
                continue;
            }
            float cx = xVox[i] + shiftX + (float) (motion.elasticXUm(xUm[i], yUm[i]) / geometry.voxelXyUm());
            float cy = yVox[i] + shiftY + (float) (motion.elasticYUm(xUm[i], yUm[i]) / geometry.voxelXyUm());
            int x0 = Math.max(0, (int) Math.floor(cx) - halfBox);
            int x1 = Math.min(w - 1, (int) Math.floor(cx) + halfBox + 1);
            int y0 = Math.max(0, (int) Math.floor(cy) - halfBox);
            int y1 = Math.min(h - 1, (int) Math.floor(cy) + halfBox + 1);
            float amp = restPhotons[i] * fluorescence[i] * zWeight;
            // Disc: photons(x, y) += amp · profile(|(x, y) − centre|²) over the nucleus' bounding box.
            for (int y = y0; y <= y1; y++) {
                float dy = y - cy;
                float dy2 = dy * dy;
                int row = y * w;
                for (int x = x0; x <= x1; x++) {
                    float dx = x - cx;
                    float r2 = dx * dx + dy2;
                    if (r2 < end) {
                        plane[row + x] += amp * profile[(int) (r2 * scale)];
                    }
                }
            }
        }
        toCounts(w, h, dest);
    }

    /** Photons → camera counts: shot noise, gain, offset, read noise, clipped to uint16. */
    private void toCounts(int w, int h, short[] dest) {
        float gain = (float) camera.gain();
        float offset = (float) camera.offset();
        float read = (float) camera.readNoise();
        boolean shot = camera.shotNoise();
        for (int y = 0; y < h; y++) {
            // One random offset per row into a long noise table: cheap, and uncorrelated enough between pixels.
            int a = rng.nextInt() & NOISE_MASK;
            int b = rng.nextInt() & NOISE_MASK;
            int row = y * w;
            // counts = offset + gain · (photons + √photons · n₁) + read · n₂, clipped to [0, 65535]
            for (int x = 0; x < w; x++) {
                float p = plane[row + x];
                float photons = shot ? p + (float) Math.sqrt(p) * noise[(a + x) & NOISE_MASK] : p;
                float counts = offset + gain * photons + read * noise[(b + x) & NOISE_MASK];
                int c = (int) (counts + 0.5f);
                dest[row + x] = (short) (c < 0 ? 0 : Math.min(c, 65535));
            }
        }
    }

    /**
     * The ground-truth label volume in the reference frame: voxel value = neuron index + 1 where the voxel lies
     * within the nucleus' radius in x and y, in a plane where the nucleus images at half its peak or more, and that
     * neuron is the brightest contribution there (the voxel holding the centre is always its own, so every nucleus
     * owns at least one); 0 elsewhere. Layout x fastest, then y, then z.
     */
    public int[] labels() {
        int w = geometry.width();
        int h = geometry.height();
        int d = geometry.depth();
        int[] labels = new int[w * h * d];
        float[] best = new float[w * h * d];
        float inv2sz = 1f / (2 * sigmaZ * sigmaZ);
        float r2max = radius * radius;
        for (int i = 0; i < xVox.length; i++) {
            int ownX = Math.round(xVox[i]);
            int ownY = Math.round(yVox[i]);
            int ownZ = Math.round(zVox[i]);
            int z0 = Math.max(0, (int) Math.floor(zVox[i] - 3 * sigmaZ));
            int z1 = Math.min(d - 1, (int) Math.ceil(zVox[i] + 3 * sigmaZ));
            int x0 = Math.max(0, (int) Math.floor(xVox[i]) - halfBox);
            int x1 = Math.min(w - 1, (int) Math.floor(xVox[i]) + halfBox + 1);
            int y0 = Math.max(0, (int) Math.floor(yVox[i]) - halfBox);
            int y1 = Math.min(h - 1, (int) Math.floor(yVox[i]) + halfBox + 1);
            for (int z = z0; z <= z1; z++) {
                float dz = z - zVox[i];
                float zWeight = (float) Math.exp(-dz * dz * inv2sz);
                for (int y = y0; y <= y1; y++) {
                    float dy = y - yVox[i];
                    for (int x = x0; x <= x1; x++) {
                        float dx = x - xVox[i];
                        float r2 = dx * dx + dy * dy;
                        boolean own = x == ownX && y == ownY && z == ownZ;
                        if (!own && (zWeight < 0.5f || r2 > r2max)) {
                            continue;
                        }
                        int v = (z * h + y) * w + x;
                        float value = zWeight * profile[(int) (Math.min(r2, profileEnd - 1e-3f) * profileScale)]
                                * restPhotons[i];
                        if (own && labels[v] != 0 && value <= best[v]) {
                            value = best[v] * 1.0001f; // a centre voxel is its nucleus' even under a brighter rim
                        }
                        if (value > best[v]) {
                            best[v] = value;
                            labels[v] = i + 1;
                        }
                    }
                }
            }
        }
        return labels;
    }

    /** Resting brightness (photons at the centre) of each neuron; ground truth for F0. */
    public float[] restPhotons() {
        return restPhotons.clone();
    }

    /** Neuron centre in voxels in the reference frame, for ground-truth tables. */
    public float[] centroidsVoxels() {
        float[] c = new float[3 * xVox.length];
        for (int i = 0; i < xVox.length; i++) {
            c[3 * i] = xVox[i];
            c[3 * i + 1] = yVox[i];
            c[3 * i + 2] = zVox[i];
        }
        return c;
    }

    /** Complementary error function (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    private double gaussian() {
        double u = 1.0 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
