package org.zaploop.sim.fish;

import java.util.SplittableRandom;

/**
 * The light-sheet microscope's view of the fish: renders one z-plane of uint16 camera counts from the neurons'
 * positions, their current fluorescence and the fish's motion.
 *
 * <p>Each nucleus images as a separable Gaussian blob (σ = radius / 2 in x and y, the axial spread in z) at its
 * moved position: rigid shift plus the elastic field at its reference position. The camera adds background,
 * photon shot noise (Gaussian approximation of Poisson), read noise, gain and offset, and clips to uint16.
 * Nothing is allocated per plane or per voxel: the caller owns the output, the scratch arrays live here.
 */
public final class PlaneRenderer {

    private static final int NOISE_TABLE_BITS = 20;
    private static final int NOISE_MASK = (1 << NOISE_TABLE_BITS) - 1;

    private final FishGeometry geometry;
    private final CameraParams camera;
    private final float[] xVox;
    private final float[] yVox;
    private final float[] zVox;
    private final float[] xUm;
    private final float[] yUm;
    private final float[] restPhotons;
    private final float sigmaXy;
    private final float sigmaZ;
    private final int halfBox;
    private final float[] plane;
    private final float[] wx;
    private final float[] wy;
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
        sigmaXy = (float) (camera.nucleusRadiusUm() / 2 / geometry.voxelXyUm());
        // A coarse z-step must still show every nucleus in at least one plane.
        sigmaZ = (float) (Math.max(camera.axialSigmaUm(), 0.45 * geometry.voxelZUm()) / geometry.voxelZUm());
        halfBox = Math.max(1, (int) Math.ceil(3 * sigmaXy));
        plane = new float[geometry.pixelsPerPlane()];
        wx = new float[2 * halfBox + 2];
        wy = new float[2 * halfBox + 2];
        noise = new float[1 << NOISE_TABLE_BITS];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) gaussian();
        }
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
        float inv2sxy = 1f / (2 * sigmaXy * sigmaXy);
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
            if (x0 > x1 || y0 > y1) {
                continue;
            }
            for (int x = x0; x <= x1; x++) {
                float d = x - cx;
                wx[x - x0] = (float) Math.exp(-d * d * inv2sxy);
            }
            for (int y = y0; y <= y1; y++) {
                float d = y - cy;
                wy[y - y0] = (float) Math.exp(-d * d * inv2sxy);
            }
            float amp = restPhotons[i] * fluorescence[i] * zWeight;
            // Separable blob: photons(x, y) += amp · wx(x) · wy(y) over the blob's bounding box.
            for (int y = y0; y <= y1; y++) {
                float ay = amp * wy[y - y0];
                int row = y * w;
                for (int x = x0; x <= x1; x++) {
                    plane[row + x] += ay * wx[x - x0];
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
     * The ground-truth label volume in the reference frame: voxel value = neuron index + 1 where that neuron's
     * blob is the brightest contribution above half its peak (and always in the voxel holding its centre, so a
     * nucleus smaller than a voxel still owns one), 0 elsewhere. Layout x fastest, then y, then z.
     */
    public int[] labels() {
        int w = geometry.width();
        int h = geometry.height();
        int d = geometry.depth();
        int[] labels = new int[w * h * d];
        float[] best = new float[w * h * d];
        float inv2sz = 1f / (2 * sigmaZ * sigmaZ);
        float inv2sxy = 1f / (2 * sigmaXy * sigmaXy);
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
                for (int y = y0; y <= y1; y++) {
                    float dy = y - yVox[i];
                    for (int x = x0; x <= x1; x++) {
                        float dx = x - xVox[i];
                        float rel = (float) Math.exp(-(dx * dx + dy * dy) * inv2sxy - dz * dz * inv2sz);
                        if (x == ownX && y == ownY && z == ownZ) {
                            rel = Math.max(rel, 0.5f);
                        }
                        int v = (z * h + y) * w + x;
                        float value = rel * restPhotons[i];
                        if (rel >= 0.5f && value > best[v]) {
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

    private double gaussian() {
        double u = 1.0 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
