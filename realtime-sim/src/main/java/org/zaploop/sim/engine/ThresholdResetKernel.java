package org.zaploop.sim.engine;

/**
 * A kernel whose neurons spike when v crosses a fixed threshold and reset to a fixed value (LIF, CUBA and COBA):
 * the threshold scan is the same for all of them, only the subthreshold update differs.
 */
abstract class ThresholdResetKernel extends NeuronKernel {

    final float vt;
    final float vr;

    ThresholdResetKernel(Network net, int population, double refractoryMs, double vThreshMv, double vResetMv) {
        super(net, population, refractoryMs);
        this.vt = (float) vThreshMv;
        this.vr = (float) vResetMv;
    }

    @Override
    int detect(int from, int to, int[] out, int count, long step, float[] chunkMax) {
        final float[] v = this.v;
        final float vt = this.vt;
        int c = 0;
        for (int lo = from; lo < to; lo += CHUNK) {
            if (chunkMax[c++] <= vt) {
                continue; // no neuron of this chunk crossed the threshold
            }
            final int hi = Math.min(to, lo + CHUNK);
            // threshold scan: v > Vt spikes, resets to Vr and starts the refractory period
            for (int i = lo; i < hi; i++) {
                if (v[i] > vt) {
                    out[count++] = i;
                    v[i] = vr;
                    refUntil[i] = step + refHold;
                }
            }
        }
        return count;
    }

    @Override
    float holdValue() {
        return vr;
    }
}
