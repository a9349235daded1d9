package org.zaploop.controller.policy;

import java.util.Random;

/**
 * Best-arm identification over K candidate stimuli with Gaussian posteriors (known noise, normal prior): which
 * candidate drives the target population most. The allocation rule picks the next candidate to try:
 * <ul>
 *   <li>{@link Rule#TOP_TWO_THOMPSON}: Thompson sampling made for identification (Russo 2016): sample every
 *       posterior, take the leader with probability β, otherwise re-sample until another candidate leads and take
 *       that challenger;</li>
 *   <li>{@link Rule#THOMPSON}: plain Thompson sampling (the leader of one sample);</li>
 *   <li>{@link Rule#RANDOM}: uniformly random, the baseline.</li>
 * </ul>
 * The recommendation is the candidate with the highest posterior mean, whatever the rule. Seeded, deterministic;
 * pure maths, reads and writes no topic.
 */
public final class StimulusSearch {

    /** How the next candidate is chosen. */
    public enum Rule {
        TOP_TWO_THOMPSON,
        THOMPSON,
        RANDOM
    }

    private final Rule rule;
    private final double priorMean;
    private final double priorPrecision;
    private final double noisePrecision;
    private final double beta;
    private final Random rng;
    private final int[] n;
    private final double[] sum;

    /**
     * @param k         number of candidates
     * @param priorMean prior mean response
     * @param priorSd   prior standard deviation of a candidate's mean response
     * @param noiseSd   standard deviation of one trial's response around the candidate's mean
     * @param beta      top-two probability of taking the leader (0.5 is the usual choice)
     */
    public StimulusSearch(int k, Rule rule, double priorMean, double priorSd, double noiseSd, double beta, long seed) {
        if (k < 1 || !(priorSd > 0) || !(noiseSd > 0) || !(beta > 0 && beta <= 1)) {
            throw new IllegalArgumentException("search: need k >= 1, priorSd > 0, noiseSd > 0, 0 < beta <= 1");
        }
        this.rule = rule;
        this.priorMean = priorMean;
        this.priorPrecision = 1 / (priorSd * priorSd);
        this.noisePrecision = 1 / (noiseSd * noiseSd);
        this.beta = beta;
        this.rng = new Random(seed);
        this.n = new int[k];
        this.sum = new double[k];
    }

    public int candidates() {
        return n.length;
    }

    /** The candidate to try next. */
    public int next() {
        return switch (rule) {
            case RANDOM -> rng.nextInt(n.length);
            case THOMPSON -> sampleLeader();
            case TOP_TWO_THOMPSON -> {
                int leader = sampleLeader();
                if (n.length == 1 || rng.nextDouble() < beta) {
                    yield leader;
                }
                for (int tries = 0; tries < 100; tries++) {
                    int c = sampleLeader();
                    if (c != leader) {
                        yield c;
                    }
                }
                yield secondByMean(leader);
            }
        };
    }

    /** One trial of candidate {@code k} gave {@code response}. */
    public void update(int k, double response) {
        n[k]++;
        sum[k] += response;
    }

    /** The recommended candidate: highest posterior mean (ties: lowest index). */
    public int best() {
        int b = 0;
        for (int i = 1; i < n.length; i++) {
            if (mean(i) > mean(b)) {
                b = i;
            }
        }
        return b;
    }

    public double mean(int k) {
        return (priorMean * priorPrecision + sum[k] * noisePrecision) / precision(k);
    }

    public double sd(int k) {
        return Math.sqrt(1 / precision(k));
    }

    public int trials(int k) {
        return n[k];
    }

    private double precision(int k) {
        return priorPrecision + n[k] * noisePrecision;
    }

    private int sampleLeader() {
        int b = -1;
        double bv = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n.length; i++) {
            double v = mean(i) + sd(i) * rng.nextGaussian();
            if (v > bv) {
                bv = v;
                b = i;
            }
        }
        return b;
    }

    private int secondByMean(int leader) {
        int b = -1;
        for (int i = 0; i < n.length; i++) {
            if (i != leader && (b < 0 || mean(i) > mean(b))) {
                b = i;
            }
        }
        return b;
    }
}
