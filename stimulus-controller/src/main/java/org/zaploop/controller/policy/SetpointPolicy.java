package org.zaploop.controller.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.zaploop.controller.safety.InputKind;
import org.zaploop.protocol.records.Stimulus;

/**
 * Setpoint control: holds a population's mean ΔF/F (from {@code zl.traces}, neurons chosen by id) at a target by
 * the intensity of a stimulus, with a {@link PiController} (anti-windup; it also learns from clamps and refusals
 * of the safety envelope). One decision per complete frame.
 *
 * <p>Params: {@code neurons} (ids; required), {@code target} (ΔF/F, default 0.2), {@code kp} (intensity per unit
 * ΔF/F, default 1.0), {@code ki} (per ΔF/F·s, default 0.3), {@code stimulus} (default PHOTOSTIM),
 * {@code maxIntensity} (actuator range, default 1.0; the envelope may clamp lower), {@code frameS} (frame period
 * used for the first step, default 0.9141).
 */
public final class SetpointPolicy implements Policy {

    public static final String NAME = "setpoint";

    private final PopulationMean population;
    private final double target;
    private final Stimulus stimulus;
    private final PiController pi;
    private final double frameS;
    private final Map<String, Object> params;
    private long lastNs = -1;
    private double lastError;

    public SetpointPolicy(PolicyParams p) {
        this.population = new PopulationMean(new NeuronSet(p.ints("neurons", "")));
        this.target = p.dbl("target", 0.2);
        double kp = p.dbl("kp", 1.0);
        double ki = p.dbl("ki", 0.3);
        this.stimulus = Stimulus.valueOf(p.str("stimulus", "PHOTOSTIM").toUpperCase(Locale.ROOT));
        double max = p.dbl("maxIntensity", 1.0);
        this.frameS = p.dbl("frameS", 0.9141);
        p.requireAllUsed(NAME);
        PolicyParams.require(max > 0 && max <= 1, "setpoint: maxIntensity must be in (0, 1]");
        PolicyParams.require(frameS > 0, "setpoint: frameS must be > 0");
        PolicyParams.require(stimulus != Stimulus.SAFE_STATE && stimulus != Stimulus.OFF,
                "setpoint: stimulus must be one with an intensity");
        this.pi = new PiController(kp, ki, 0, max);
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
        return Set.of(InputKind.TRACES);
    }

    @Override
    public long inputPeriodMs() {
        return Math.round(frameS * 1000);
    }

    @Override
    public Proposal decide(PolicyInput input) {
        if (!(input instanceof PolicyInput.TraceInput in)) {
            return null;
        }
        PopulationMean.Sample s = population.add(in.traces(), in.ref());
        if (s == null) {
            return null;
        }
        double dt = lastNs < 0 ? frameS : Math.max(0, Math.min(10 * frameS, (s.acquisitionNs() - lastNs) / 1e9));
        lastNs = s.acquisitionNs();
        lastError = target - s.mean();
        double u = pi.update(lastError, dt);
        return new Proposal(stimulus, Map.of("intensity", u), null, s.inputs(), s.acquisitionNs(),
                String.format(Locale.ROOT, "frame %d: mean %.4f, target %.4f, intensity %.4f", s.frame(), s.mean(),
                        target, u));
    }

    @Override
    public void outcome(Proposal proposal, Map<String, Double> sent, long nowNs) {
        pi.track(lastError, sent == null ? Double.NaN : sent.getOrDefault("intensity", 0.0));
    }

    public PiController controller() {
        return pi;
    }
}
