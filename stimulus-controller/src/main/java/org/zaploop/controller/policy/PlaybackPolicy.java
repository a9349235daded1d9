package org.zaploop.controller.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.zaploop.controller.safety.InputKind;
import org.zaploop.protocol.ZapbenchConditions;
import org.zaploop.protocol.records.Stimulus;

/**
 * Open-loop protocol playback: the nine ZAPBench conditions in order, each lasting its ZAPBench frame count ×
 * 0.9141 s × {@code scale}, each mapped to a stimulus. Time-driven (clock ticks); it reads no input topic, so the
 * staleness guard does not apply to it (the rig heartbeat and the manual stop do).
 *
 * <table>
 *   <caption>conditions</caption>
 *   <tr><th>k</th><th>ZAPBench</th><th>stimulus</th></tr>
 *   <tr><td>0</td><td>gain</td><td>GRATING {velocity, gain} with gain alternating low/high every {@code phaseS}</td></tr>
 *   <tr><td>1</td><td>dots</td><td>DOTS {velocity}</td></tr>
 *   <tr><td>2</td><td>flash</td><td>FLASH {intensity, durationS} every {@code flashPeriodS}, OFF between</td></tr>
 *   <tr><td>3</td><td>taxis</td><td>PHOTOTAXIS {direction ±1} alternating every {@code phaseS}</td></tr>
 *   <tr><td>4</td><td>turning</td><td>ROTATION {velocity ±turnVelocity} alternating every {@code phaseS}</td></tr>
 *   <tr><td>5</td><td>position</td><td>GRATING {velocity: positionVelocity, gain: highGain}</td></tr>
 *   <tr><td>6</td><td>open loop</td><td>GRATING {velocity, gain 0}</td></tr>
 *   <tr><td>7</td><td>rotation</td><td>ROTATION {velocity ±rotationVelocity} alternating every {@code phaseS}</td></tr>
 *   <tr><td>8</td><td>dark</td><td>DARK</td></tr>
 * </table>
 *
 * <p>Params: {@code scale} (default 1 = ZAPBench's real ≈ 2 h), {@code conditions} (default {@code 0-8}),
 * {@code repeat} (default true), {@code baseVelocity} (10 mm/s), {@code lowGain} (0.5), {@code highGain} (1.5),
 * {@code phaseS} (10), {@code flashPeriodS} (5), {@code flashS} (1), {@code flashIntensity} (1),
 * {@code dotsVelocity} (10), {@code turnVelocity} (10), {@code positionVelocity} (5), {@code rotationVelocity} (20).
 */
public final class PlaybackPolicy implements Policy {

    public static final String NAME = "playback";
    /** ZAPBench's volume period, s. */
    public static final double FRAME_S = ZapbenchConditions.FRAME_S;

    private final int[] conditions;
    private final long[] durationsNs;
    private final long totalNs;
    private final boolean repeat;
    private final double baseVelocity;
    private final double lowGain;
    private final double highGain;
    private final long phaseNs;
    private final long flashPeriodNs;
    private final double flashS;
    private final double flashIntensity;
    private final double dotsVelocity;
    private final double turnVelocity;
    private final double positionVelocity;
    private final double rotationVelocity;
    private final Map<String, Object> params;
    private long startNs = -1;

    public PlaybackPolicy(PolicyParams p) {
        double scale = p.dbl("scale", 1.0);
        this.conditions = p.ints("conditions", "0-8");
        this.repeat = p.bool("repeat", true);
        this.baseVelocity = p.dbl("baseVelocity", 10);
        this.lowGain = p.dbl("lowGain", 0.5);
        this.highGain = p.dbl("highGain", 1.5);
        double phaseS = p.dbl("phaseS", 10);
        double flashPeriodS = p.dbl("flashPeriodS", 5);
        this.flashS = p.dbl("flashS", 1);
        this.flashIntensity = p.dbl("flashIntensity", 1);
        this.dotsVelocity = p.dbl("dotsVelocity", 10);
        this.turnVelocity = p.dbl("turnVelocity", 10);
        this.positionVelocity = p.dbl("positionVelocity", 5);
        this.rotationVelocity = p.dbl("rotationVelocity", 20);
        p.requireAllUsed(NAME);
        PolicyParams.require(scale > 0, "playback: scale must be > 0");
        PolicyParams.require(conditions.length > 0, "playback: conditions must list at least one condition");
        PolicyParams.require(phaseS > 0 && flashPeriodS > 0 && flashS > 0 && flashS < flashPeriodS,
                "playback: phaseS, flashPeriodS > 0 and 0 < flashS < flashPeriodS");
        this.durationsNs = new long[conditions.length];
        long total = 0;
        for (int i = 0; i < conditions.length; i++) {
            PolicyParams.require(conditions[i] >= 0 && conditions[i] <= 8, "playback: conditions are 0..8");
            durationsNs[i] = Math.max(1, Math.round(ZapbenchConditions.frames(conditions[i]) * FRAME_S * scale * 1e9));
            total += durationsNs[i];
        }
        this.totalNs = total;
        this.phaseNs = Math.round(phaseS * 1e9);
        this.flashPeriodNs = Math.round(flashPeriodS * 1e9);
        this.params = p.effective();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return params;
    }

    @Override
    public Set<InputKind> needs() {
        return Set.of();
    }

    @Override
    public long inputPeriodMs() {
        return 500;
    }

    /** Length of one pass through the schedule, ns. */
    public long totalNs() {
        return totalNs;
    }

    @Override
    public Proposal decide(PolicyInput input) {
        if (!(input instanceof PolicyInput.Tick tick)) {
            return null;
        }
        if (startNs < 0) {
            startNs = tick.nowNs();
        }
        long t = tick.nowNs() - startNs;
        if (t >= totalNs && !repeat) {
            return new Proposal(Stimulus.OFF, Map.of(), null, List.of(), tick.nowNs(), "protocol finished");
        }
        t %= totalNs;
        int i = 0;
        while (t >= durationsNs[i]) {
            t -= durationsNs[i++];
        }
        return at(conditions[i], t, tick.nowNs());
    }

    private Proposal at(int k, long tInCondition, long nowNs) {
        boolean odd = (tInCondition / phaseNs) % 2 == 1;
        double sign = odd ? -1 : 1;
        Stimulus s;
        Map<String, Double> p;
        switch (k) {
            case 0 -> { s = Stimulus.GRATING; p = Map.of("velocity", baseVelocity, "gain", odd ? highGain : lowGain); }
            case 1 -> { s = Stimulus.DOTS; p = Map.of("velocity", dotsVelocity); }
            case 2 -> {
                boolean on = tInCondition % flashPeriodNs < Math.round(flashS * 1e9);
                s = on ? Stimulus.FLASH : Stimulus.OFF;
                p = on ? Map.of("intensity", flashIntensity, "durationS", flashS) : Map.of();
            }
            case 3 -> { s = Stimulus.PHOTOTAXIS; p = Map.of("direction", sign); }
            case 4 -> { s = Stimulus.ROTATION; p = Map.of("velocity", sign * turnVelocity); }
            case 5 -> { s = Stimulus.GRATING; p = Map.of("velocity", positionVelocity, "gain", highGain); }
            case 6 -> { s = Stimulus.GRATING; p = Map.of("velocity", baseVelocity, "gain", 0.0); }
            case 7 -> { s = Stimulus.ROTATION; p = Map.of("velocity", sign * rotationVelocity); }
            default -> { s = Stimulus.DARK; p = Map.of(); }
        }
        return new Proposal(s, p, k, List.of(), nowNs, "protocol condition " + k);
    }
}
