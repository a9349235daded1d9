package org.zaploop.controller.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.zaploop.controller.safety.InputKind;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.Stimulus;

/**
 * Forecast-triggered stimulation: when the forecast ({@code zl.forecasts}) of a target ensemble's mean ΔF/F
 * crosses a threshold within the next {@code horizon} frames, deliver a stimulus now, before it happens. The
 * ensemble may span blocks: a frame is evaluated once every target neuron's forecast has arrived. After a trigger
 * the policy re-arms only once the forecast has fallen below {@code threshold − hysteresis} over the whole
 * horizon, so one predicted event gives one stimulus.
 *
 * <p>Params: {@code neurons} (ids, {@code 0-9,42}; required), {@code threshold} (ΔF/F, default 0.3),
 * {@code horizon} (frames, default 5), {@code stimulus} (FLASH or PHOTOSTIM, default FLASH), {@code intensity}
 * (default 1.0), {@code durationS} (default 0.5), {@code hysteresis} (default 0.05), {@code forecaster} (only this
 * forecaster's blocks; default: any).
 */
public final class ForecastTriggerPolicy implements Policy {

    public static final String NAME = "forecast-trigger";

    private final NeuronSet neurons;
    private final double threshold;
    private final int horizon;
    private final Stimulus stimulus;
    private final double intensity;
    private final double durationS;
    private final double hysteresis;
    private final String forecaster;
    private final Map<String, Object> params;

    private long frame = -1;
    private double[] sums;
    private int seen;
    private final Set<Integer> blocks = new HashSet<>();
    private final List<InputRef> refs = new ArrayList<>();
    private boolean armed = true;

    public ForecastTriggerPolicy(PolicyParams p) {
        this.neurons = new NeuronSet(p.ints("neurons", ""));
        this.threshold = p.dbl("threshold", 0.3);
        this.horizon = (int) p.lng("horizon", 5);
        this.stimulus = Stimulus.valueOf(p.str("stimulus", "FLASH").toUpperCase(Locale.ROOT));
        this.intensity = p.dbl("intensity", 1.0);
        this.durationS = p.dbl("durationS", 0.5);
        this.hysteresis = p.dbl("hysteresis", 0.05);
        this.forecaster = p.str("forecaster", "");
        p.requireAllUsed(NAME);
        PolicyParams.require(stimulus == Stimulus.FLASH || stimulus == Stimulus.PHOTOSTIM,
                "forecast-trigger: stimulus must be FLASH or PHOTOSTIM");
        PolicyParams.require(horizon >= 1 && horizon <= 1024, "forecast-trigger: horizon must be 1..1024");
        PolicyParams.require(hysteresis >= 0 && durationS > 0, "forecast-trigger: hysteresis >= 0, durationS > 0");
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
        return Set.of(InputKind.FORECASTS);
    }

    @Override
    public long inputPeriodMs() {
        return 914;
    }

    @Override
    public Proposal decide(PolicyInput input) {
        if (!(input instanceof PolicyInput.ForecastInput in)) {
            return null;
        }
        ForecastBlock f = in.forecast();
        if (!forecaster.isEmpty() && !forecaster.equals(f.forecaster())) {
            return null;
        }
        int n = neurons.countIn(f.firstNeuron(), f.neuronCount());
        if (n == 0 || f.frame() < frame) {
            return null;
        }
        int h = Math.min(horizon, f.horizon());
        if (f.frame() > frame) {
            frame = f.frame();
            sums = new double[h];
            seen = 0;
            blocks.clear();
            refs.clear();
        }
        if (!blocks.add(f.block())) {
            return null;
        }
        h = Math.min(h, sums.length);
        for (int s = 0; s < h; s++) {
            sums[s] += neurons.sumIn(f.firstNeuron(), f.neuronCount(), f.values(), s * f.neuronCount());
        }
        seen += n;
        refs.add(in.ref());
        if (seen < neurons.size()) {
            return null;
        }
        int first = -1;
        double peak = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < h; s++) {
            double mean = sums[s] / seen;
            peak = Math.max(peak, mean);
            if (first < 0 && mean >= threshold) {
                first = s;
            }
        }
        if (first < 0) {
            if (peak < threshold - hysteresis) {
                armed = true;
            }
            return null;
        }
        if (!armed) {
            return null;
        }
        armed = false;
        Map<String, Double> sp = Map.of("intensity", intensity, "durationS", durationS);
        return new Proposal(stimulus, sp, null, List.copyOf(refs), f.acquisitionNs(),
                String.format(Locale.ROOT, "forecast of frame %d: ensemble mean %.3f >= %.3f in %d frame(s)",
                        frame, sums[first] / seen, threshold, first + 1));
    }
}
