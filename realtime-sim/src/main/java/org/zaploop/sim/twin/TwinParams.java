package org.zaploop.sim.twin;

import org.zaploop.sim.fish.CalciumIndicator;

/**
 * How the digital twin is built and how hard it is pulled toward the measured activity.
 *
 * <p>The twin is the {@link org.zaploop.sim.networks.ZebrafishNetwork} layout at a coarser step and with fewer
 * synapses than the virtual fish (1 ms and 20 per neuron instead of 0.5 ms and 60), and with most of the Poisson
 * background replaced by its mean as a constant current: background events cost one random number each and
 * dominate the step, and the twin gets its variability from the measured traces instead. That makes it about
 * 6× cheaper per simulated second than the fish, which is what lets it simulate 32 frames ahead within one
 * volume period.
 *
 * <p>Nudging: per twin neuron, a PI controller on the error e = measured − simulated ΔF/F (dimensionless) injects
 * {@code I = kp·e + ki·∫e dt} pA, clamped to ±{@code maxNudgePa}; with R = 0.1 GΩ (τm 20 ms, C 200 pF), 10 pA is
 * 1 mV of steady depolarisation, so kp = 60 pA turns an error of 0.1 ΔF/F into 0.6 mV. The integral remembers each
 * neuron's excitability; forecasts (no measurement ahead) hold each neuron's nudge averaged over the last frames.
 *
 * @param dtMs              integration step, ms
 * @param synapsesPerNeuron connections per neuron
 * @param noiseHz           Poisson background kept as events, Hz per neuron (the rest of the fish's 500 Hz becomes
 *                          its mean current)
 * @param chunkS            calcium is integrated from spike counts over chunks of this length, s
 * @param framePeriodS      one volume period (frame), s
 * @param kpPa              proportional gain, pA per unit ΔF/F error
 * @param kiPaPerS          integral gain, pA per unit ΔF/F error per second
 * @param maxNudgePa        bound on the nudging current, pA
 * @param heterogeneityPa   each neuron's constant current differs by a fixed uniform offset in ± this, pA (without
 *                          background events, identical neurons would fire in lockstep)
 * @param currentNoisePa    standard deviation of a noise current drawn anew for each calcium chunk, pA (the cheap
 *                          stand-in for the background events: it gives the neurons graded rates)
 * @param indicator         the twin's calcium model (the same GCaMP-like indicator as the fish, without bleaching)
 * @param baselineRiseFrames time constant of the twin's ΔF/F baseline when its F is above the baseline, frames;
 *                          0: no baseline, ΔF/F against zero calcium (what a simulator's ground truth holds)
 * @param baselineFallFrames time constant when F is below it (fast: the baseline follows low values, as a low
 *                          percentile does)
 * @param threads           engine threads of the twin and of its simulate-ahead copy
 * @param seed              seed of the twin's connectivity and noise
 */
public record TwinParams(double dtMs, double synapsesPerNeuron, double noiseHz, double chunkS, double framePeriodS,
                         double kpPa, double kiPaPerS, double maxNudgePa, double heterogeneityPa, double currentNoisePa,
                         CalciumIndicator.Params indicator,
                         double baselineRiseFrames, double baselineFallFrames, int threads, long seed) {

    /** Default spread of the neurons' constant currents, pA (± 5 mV). */
    public static final double HETEROGENEITY_PA = 50;
    /** Default current noise, pA (held for each calcium chunk). */
    public static final double CURRENT_NOISE_PA = 40;

    public TwinParams {
        positive("dtMs", dtMs);
        positive("synapsesPerNeuron", synapsesPerNeuron);
        if (!(noiseHz >= 0)) {
            throw new IllegalArgumentException("noiseHz must be >= 0, got " + noiseHz);
        }
        positive("chunkS", chunkS);
        positive("framePeriodS", framePeriodS);
        if (chunkS * 1000 < dtMs || chunkS > framePeriodS) {
            throw new IllegalArgumentException("chunkS must lie between one step and one frame, got " + chunkS + " s");
        }
        if (!(kpPa >= 0) || !(kiPaPerS >= 0) || !(maxNudgePa >= 0) || !(heterogeneityPa >= 0)
                || !(currentNoisePa >= 0)) {
            throw new IllegalArgumentException("gains and the nudge bound must be >= 0");
        }
        if (indicator == null) {
            throw new IllegalArgumentException("indicator must not be null");
        }
        if (baselineRiseFrames != 0) {
            positive("baselineRiseFrames", baselineRiseFrames);
            positive("baselineFallFrames", baselineFallFrames);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** The twin ZapLoop runs: 1 ms, 20 synapses per neuron, 100 Hz of background events, kp 60 pA, ki 30 pA/s. */
    public static TwinParams defaults(double framePeriodS) {
        CalciumIndicator.Params gcamp = CalciumIndicator.Params.nuclearGcamp();
        CalciumIndicator.Params noBleach = new CalciumIndicator.Params(gcamp.riseS(), gcamp.decayS(), gcamp.perSpike(),
                gcamp.kd(), gcamp.dffMax(), 0);
        return new TwinParams(2.0, 20, 0, 0.02, framePeriodS, 60, 30, 150, HETEROGENEITY_PA,
                CURRENT_NOISE_PA, noBleach, 50, 2, 1, 7);
    }

    public TwinParams withGains(double kp, double ki) {
        return new TwinParams(dtMs, synapsesPerNeuron, noiseHz, chunkS, framePeriodS, kp, ki, maxNudgePa,
                heterogeneityPa, currentNoisePa, indicator,
                baselineRiseFrames, baselineFallFrames, threads, seed);
    }

    /** The same twin comparing against ground-truth ΔF/F (no baseline), as an exported session holds it. */
    public TwinParams againstTruth() {
        return new TwinParams(dtMs, synapsesPerNeuron, noiseHz, chunkS, framePeriodS, kpPa, kiPaPerS, maxNudgePa,
                heterogeneityPa, currentNoisePa,
                indicator, 0, 0, threads, seed);
    }

    public TwinParams withThreads(int t) {
        return new TwinParams(dtMs, synapsesPerNeuron, noiseHz, chunkS, framePeriodS, kpPa, kiPaPerS, maxNudgePa,
                heterogeneityPa, currentNoisePa,
                indicator, baselineRiseFrames, baselineFallFrames, t, seed);
    }

    public TwinParams withSeed(long s) {
        return new TwinParams(dtMs, synapsesPerNeuron, noiseHz, chunkS, framePeriodS, kpPa, kiPaPerS, maxNudgePa,
                heterogeneityPa, currentNoisePa,
                indicator, baselineRiseFrames, baselineFallFrames, threads, s);
    }

    /** Engine steps per calcium chunk. */
    public int stepsPerChunk() {
        return Math.max(1, (int) Math.round(chunkS * 1000 / dtMs));
    }

    /** Engine step at which frame {@code k} (counted from the twin's first frame) begins. */
    public long stepOfFrame(long k) {
        return Math.round(k * framePeriodS * 1000 / dtMs);
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
        }
    }
}
