package org.zaploop.controller.safety;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import org.zaploop.protocol.records.Stimulus;

/**
 * How much the controller has stimulated lately, and whether one more command fits: the command rate over a
 * sliding second, the refractory time between pulsed stimulations, and the duty cycle of pulsed stimulation over
 * a sliding window. It models what the rig presents: a command is shown from its sending until its validity
 * window ends or the next command replaces it; a FLASH lasts {@code durationS} (1 s when absent, as the rig
 * does) at most. A pulsed stimulus with {@code intensity} 0 is not stimulation. Reads and writes no topic.
 */
public final class StimulationBudget {

    /** Flash length when a command gives none (the virtual fish's default). */
    public static final double DEFAULT_FLASH_S = 1.0;

    private final SafetyLimits limits;
    private final ArrayDeque<Long> sends = new ArrayDeque<>();
    /** Pulsed intervals, start and end ns, oldest first; the last may still be running. */
    private final ArrayDeque<long[]> pulses = new ArrayDeque<>();
    private Stimulus lastPulsed;

    public StimulationBudget(SafetyLimits limits) {
        this.limits = limits;
    }

    /**
     * Why this command may not go out now, or null when it may.
     *
     * @return the refusal, or null
     */
    public Refusal refusal(Stimulus stimulus, Map<String, Double> params, long nowNs, long validUntilNs) {
        if (stimulus == Stimulus.SAFE_STATE) {
            return null; // going safe is never rate-limited
        }
        forget(nowNs);
        if (sends.size() + 1 > limits.maxCommandsPerSecond()) {
            return new Refusal(Rules.MAX_RATE, "would be command " + (sends.size() + 1)
                    + " in the last second, limit " + fmt(limits.maxCommandsPerSecond()) + "/s");
        }
        long on = onTimeNs(stimulus, params, nowNs, validUntilNs);
        if (on == 0) {
            return null;
        }
        long[] last = pulses.peekLast();
        boolean continuing = last != null && last[1] > nowNs && stimulus == lastPulsed;
        if (!continuing && last != null) {
            long readyNs = last[1] + limits.refractoryMs() * 1_000_000L;
            if (nowNs < readyNs) {
                return new Refusal(Rules.REFRACTORY, stimulus + " onset " + ms(readyNs - nowNs)
                        + " ms too soon: the last pulsed stimulation ends at +" + ms(Math.max(0, last[1] - nowNs))
                        + " ms and the refractory time is " + limits.refractoryMs() + " ms");
            }
        }
        long end = nowNs + on;
        long windowNs = limits.dutyWindowMs() * 1_000_000L;
        long used = onTimeWithin(end - windowNs, nowNs) + on;
        double duty = (double) used / windowNs;
        if (duty > limits.maxDutyCycle() + 1e-9) {
            return new Refusal(Rules.DUTY_CYCLE, String.format("%s for %d ms would make pulsed stimulation %.1f%%"
                            + " of the last %d ms, limit %.1f%%", stimulus, ms(on), 100 * duty, limits.dutyWindowMs(),
                    100 * limits.maxDutyCycle()));
        }
        return null;
    }

    /** Books a command that went out (any stimulus, SAFE_STATE included: it ends a running pulse). */
    public void sent(Stimulus stimulus, Map<String, Double> params, long nowNs, long validUntilNs) {
        long[] last = pulses.peekLast();
        if (last != null && last[1] > nowNs) {
            last[1] = Math.max(last[0], nowNs); // the new command replaces what was shown
        }
        if (stimulus != Stimulus.SAFE_STATE) {
            sends.addLast(nowNs);
        }
        long on = onTimeNs(stimulus, params, nowNs, validUntilNs);
        if (on > 0) {
            boolean continuing = last != null && last[1] == nowNs && stimulus == lastPulsed;
            if (continuing) {
                last[1] = nowNs + on;
            } else {
                pulses.addLast(new long[]{nowNs, nowNs + on});
            }
            lastPulsed = stimulus;
        }
        forget(nowNs);
    }

    /** The fraction of the duty window up to {@code nowNs} spent in pulsed stimulation. */
    public double dutyCycle(long nowNs) {
        long windowNs = limits.dutyWindowMs() * 1_000_000L;
        return (double) onTimeWithin(nowNs - windowNs, nowNs) / windowNs;
    }

    private long onTimeNs(Stimulus stimulus, Map<String, Double> params, long nowNs, long validUntilNs) {
        if (!limits.pulsed().contains(stimulus) || params.getOrDefault("intensity", 1.0) <= 0) {
            return 0;
        }
        long windowNs = Math.max(0, validUntilNs - nowNs);
        Double d = params.get("durationS");
        if (d == null && stimulus == Stimulus.FLASH) {
            d = DEFAULT_FLASH_S;
        }
        return d == null ? windowNs : Math.min(windowNs, Math.round(d * 1e9));
    }

    private long onTimeWithin(long fromNs, long toNs) {
        long sum = 0;
        for (long[] p : pulses) {
            long a = Math.max(p[0], fromNs);
            long b = Math.min(p[1], toNs);
            if (b > a) {
                sum += b - a;
            }
        }
        return sum;
    }

    private void forget(long nowNs) {
        while (!sends.isEmpty() && sends.peekFirst() <= nowNs - 1_000_000_000L) {
            sends.removeFirst();
        }
        long keepFrom = nowNs - limits.dutyWindowMs() * 1_000_000L - limits.refractoryMs() * 1_000_000L;
        Iterator<long[]> it = pulses.iterator();
        while (pulses.size() > 1 && it.hasNext()) {
            long[] p = it.next();
            if (p[1] >= keepFrom) {
                break;
            }
            it.remove();
        }
    }

    private static long ms(long ns) {
        return Math.round(ns / 1e6);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
