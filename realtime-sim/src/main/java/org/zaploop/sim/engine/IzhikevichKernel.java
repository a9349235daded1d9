package org.zaploop.sim.engine;

import org.zaploop.sim.model.IzhikevichParams;

/** Forward-Euler integration of {@link IzhikevichParams}; synaptic conductances decay exactly. */
final class IzhikevichKernel extends NeuronKernel {

    private final float[] u;
    private final float dtC;
    private final float k;
    private final float vr;
    private final float vt;
    private final float vPeak;
    private final float dtA;
    private final float b;
    private final float vb;
    private final float c;
    private final float d;
    private final float ee;
    private final float ei;
    private final float pee;
    private final float pii;

    IzhikevichKernel(Network net, int population, IzhikevichParams p) {
        super(net, population, 0);
        double dt = net.dtMs;
        this.u = net.u;
        this.dtC = (float) (dt / p.capacitancePf());
        this.k = (float) p.k();
        this.vr = (float) p.vrMv();
        this.vt = (float) p.vtMv();
        this.vPeak = (float) p.vPeakMv();
        this.dtA = (float) (dt * p.a());
        this.b = (float) p.b();
        this.vb = (float) p.vbMv();
        this.c = (float) p.cMv();
        this.d = (float) p.d();
        this.ee = (float) p.eExcMv();
        this.ei = (float) p.eInhMv();
        this.pee = (float) Math.exp(-dt / p.tauExcMs());
        this.pii = (float) Math.exp(-dt / p.tauInhMs());
    }

    @Override
    void update(int from, int to, boolean external, float[] chunkMax) {
        final float[] v = this.v, u = this.u, exc = this.exc, inh = this.inh, iExt = this.iExt;
        final float bias = this.bias[population];
        // Euler: C v' = k(v-vr)(v-vt) - u + I + ge(Ee-v) + gi(Ei-v);  u' = a(b(v-vb) - u)
        for (int i = from; i < to; i++) {
            float vi = v[i];
            float ui = u[i];
            float e = exc[i];
            float in = inh[i];
            float current = bias + (external ? iExt[i] : 0f) + e * (ee - vi) + in * (ei - vi);
            v[i] = vi + dtC * (k * (vi - vr) * (vi - vt) - ui + current);
            u[i] = ui + dtA * (b * (vi - vb) - ui);
            exc[i] = e * pee;
            inh[i] = in * pii;
        }
    }

    @Override
    int detect(int from, int to, int[] out, int count, long step, float[] chunkMax) {
        final float[] v = this.v;
        // spike when v reaches the peak: v = c, u += d
        for (int i = from; i < to; i++) {
            if (v[i] >= vPeak) {
                out[count++] = i;
                v[i] = c;
                u[i] += d;
            }
        }
        return count;
    }

    @Override
    float holdValue() {
        return c;
    }
}
