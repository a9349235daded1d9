package org.zaploop.sim.engine;

import org.zaploop.sim.model.CobaParams;

/** Forward-Euler integration of {@link CobaParams}, as Brian's COBA benchmark ({@code method='euler'}). */
final class CobaKernel extends ThresholdResetKernel {

    private final float el;
    private final float ee;
    private final float ei;
    private final float dtTaum;
    private final float dtC;
    private final float dee;
    private final float dii;

    CobaKernel(Network net, int population, CobaParams p) {
        super(net, population, p.refractoryMs(), p.vThreshMv(), p.vResetMv());
        double dt = net.dtMs;
        this.el = (float) p.vRestMv();
        this.ee = (float) p.eExcMv();
        this.ei = (float) p.eInhMv();
        this.dtTaum = (float) (dt / p.taumMs());
        this.dtC = (float) (dt / p.capacitancePf());
        // Euler applied to dg/dt = -g/tau as Brian does: g(t+dt) = g(t)(1 - dt/tau)
        this.dee = (float) (1 - dt / p.tauExcMs());
        this.dii = (float) (1 - dt / p.tauInhMs());
    }

    @Override
    void update(int from, int to, boolean external, float[] chunkMax) {
        final float[] v = this.v, exc = this.exc, inh = this.inh, iExt = this.iExt;
        final float el = this.el, ee = this.ee, ei = this.ei, dtTaum = this.dtTaum, dtC = this.dtC;
        final float dee = this.dee, dii = this.dii;
        final float b = bias[population] * dtC;
        int c = 0;
        for (int lo = from; lo < to; lo += CHUNK) {
            final int hi = Math.min(to, lo + CHUNK);
            float mx = Float.NEGATIVE_INFINITY;
            if (external) {
                // Euler step of taum dv/dt = ge(Ee-v) + gi(Ei-v) + (El-v) + I/gL; chunk max of v
                for (int i = lo; i < hi; i++) {
                    float e = exc[i];
                    float in = inh[i];
                    float vi = v[i];
                    float vNew = vi + dtTaum * (e * (ee - vi) + in * (ei - vi) + (el - vi)) + b + iExt[i] * dtC;
                    v[i] = vNew;
                    mx = Math.max(mx, vNew);
                    exc[i] = e * dee;
                    inh[i] = in * dii;
                }
            } else {
                // same as above without the external-current term
                for (int i = lo; i < hi; i++) {
                    float e = exc[i];
                    float in = inh[i];
                    float vi = v[i];
                    float vNew = vi + dtTaum * (e * (ee - vi) + in * (ei - vi) + (el - vi)) + b;
                    v[i] = vNew;
                    mx = Math.max(mx, vNew);
                    exc[i] = e * dee;
                    inh[i] = in * dii;
                }
            }
            chunkMax[c++] = mx;
        }
    }
}
