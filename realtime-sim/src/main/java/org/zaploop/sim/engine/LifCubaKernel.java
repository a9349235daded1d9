package org.zaploop.sim.engine;

import org.zaploop.sim.model.LifParams;

/** Exact integration of {@link LifParams} (CUBA) with propagators precomputed once. */
final class LifCubaKernel extends ThresholdResetKernel {

    private final float el;
    private final float pvv;
    private final float pve;
    private final float pvi;
    private final float pee;
    private final float pii;
    private final float pvI;

    LifCubaKernel(Network net, int population, LifParams p) {
        super(net, population, p.refractoryMs(), p.vThreshMv(), p.vResetMv());
        double dt = net.dtMs;
        double am = Math.exp(-dt / p.taumMs());
        this.el = (float) p.vRestMv();
        this.pvv = (float) am;
        this.pve = (float) coupling(dt, p.taumMs(), p.tauExcMs());
        this.pvi = (float) coupling(dt, p.taumMs(), p.tauInhMs());
        this.pee = (float) Math.exp(-dt / p.tauExcMs());
        this.pii = (float) Math.exp(-dt / p.tauInhMs());
        // constant current I (pA) over the step: R·I·(1 - exp(-dt/taum)), R = taum/C in GOhm
        this.pvI = (float) (p.taumMs() / p.capacitancePf() * (1 - am));
    }

    /** Exact effect on v after dt of a unit synaptic variable decaying with tauS: taus/(taus-taum)(e^-dt/taus - e^-dt/taum). */
    static double coupling(double dt, double taum, double taus) {
        if (Math.abs(taus - taum) < 1e-9 * taum) {
            return dt / taum * Math.exp(-dt / taum);
        }
        return taus / (taus - taum) * (Math.exp(-dt / taus) - Math.exp(-dt / taum));
    }

    @Override
    void update(int from, int to, boolean external, float[] chunkMax) {
        final float[] v = this.v, exc = this.exc, inh = this.inh, iExt = this.iExt;
        final float c0 = el * (1 - pvv) + bias[population] * pvI;
        final float pvv = this.pvv, pve = this.pve, pvi = this.pvi, pee = this.pee, pii = this.pii, pvI = this.pvI;
        int c = 0;
        for (int lo = from; lo < to; lo += CHUNK) {
            final int hi = Math.min(to, lo + CHUNK);
            float mx = Float.NEGATIVE_INFINITY;
            if (external) {
                // v(t+dt) = El + (v-El)e^{-dt/taum} + ge·Pve + gi·Pvi + R(I+bias)(1-e^{-dt/taum}); chunk max of v
                for (int i = lo; i < hi; i++) {
                    float e = exc[i];
                    float in = inh[i];
                    float vNew = c0 + v[i] * pvv + e * pve + in * pvi + iExt[i] * pvI;
                    v[i] = vNew;
                    mx = Math.max(mx, vNew);
                    exc[i] = e * pee;
                    inh[i] = in * pii;
                }
            } else {
                // same as above without the external-current term (one array stream less)
                for (int i = lo; i < hi; i++) {
                    float e = exc[i];
                    float in = inh[i];
                    float vNew = c0 + v[i] * pvv + e * pve + in * pvi;
                    v[i] = vNew;
                    mx = Math.max(mx, vNew);
                    exc[i] = e * pee;
                    inh[i] = in * pii;
                }
            }
            chunkMax[c++] = mx;
        }
    }
}
