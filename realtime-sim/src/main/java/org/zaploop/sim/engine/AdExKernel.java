package org.zaploop.sim.engine;

import org.zaploop.sim.model.AdExParams;

/** Forward-Euler integration of {@link AdExParams}; synaptic conductances decay exactly. */
final class AdExKernel extends NeuronKernel {

    /** Cap on (v - VT)/ΔT: exp(20)·ΔT·gL drives v past any peak in one step without overflowing. */
    private static final float MAX_EXP_ARG = 20f;

    private final float[] w;
    private final float dtC;
    private final float gl;
    private final float el;
    private final float vT;
    private final float deltaT;
    private final float invDeltaT;
    private final float vPeak;
    private final float vReset;
    private final float dtTauW;
    private final float a;
    private final float b;
    private final float ee;
    private final float ei;
    private final float pee;
    private final float pii;

    AdExKernel(Network net, int population, AdExParams p) {
        super(net, population, p.refractoryMs());
        double dt = net.dtMs;
        this.w = net.u;
        this.dtC = (float) (dt / p.capacitancePf());
        this.gl = (float) p.gLNs();
        this.el = (float) p.eLMv();
        this.vT = (float) p.vTMv();
        this.deltaT = (float) p.deltaTMv();
        this.invDeltaT = (float) (1 / p.deltaTMv());
        this.vPeak = (float) p.vPeakMv();
        this.vReset = (float) p.vResetMv();
        this.dtTauW = (float) (dt / p.tauWMs());
        this.a = (float) p.aNs();
        this.b = (float) p.bPa();
        this.ee = (float) p.eExcMv();
        this.ei = (float) p.eInhMv();
        this.pee = (float) Math.exp(-dt / p.tauExcMs());
        this.pii = (float) Math.exp(-dt / p.tauInhMs());
    }

    @Override
    void update(int from, int to, boolean external, float[] chunkMax) {
        final float[] v = this.v, w = this.w, exc = this.exc, inh = this.inh, iExt = this.iExt;
        final float bias = this.bias[population];
        // Euler: C v' = -gL(v-EL) + gL ΔT exp((v-VT)/ΔT) - w + I + syn;  tauw w' = a(v-EL) - w
        for (int i = from; i < to; i++) {
            float vi = v[i];
            float wi = w[i];
            float e = exc[i];
            float in = inh[i];
            float current = bias + (external ? iExt[i] : 0f) + e * (ee - vi) + in * (ei - vi);
            float arg = Math.min((vi - vT) * invDeltaT, MAX_EXP_ARG);
            float vNew = vi + dtC * (-gl * (vi - el) + gl * deltaT * (float) Math.exp(arg) - wi + current);
            v[i] = vNew;
            w[i] = wi + dtTauW * (a * (vi - el) - wi);
            exc[i] = e * pee;
            inh[i] = in * pii;
        }
    }

    @Override
    int detect(int from, int to, int[] out, int count, long step, float[] chunkMax) {
        final float[] v = this.v;
        // spike when v passes the peak: v = Vreset, w += b, refractory countdown
        for (int i = from; i < to; i++) {
            if (v[i] > vPeak) {
                out[count++] = i;
                v[i] = vReset;
                w[i] += b;
                refUntil[i] = step + refHold;
            }
        }
        return count;
    }

    @Override
    float holdValue() {
        return vReset;
    }
}
