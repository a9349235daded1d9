package org.zaploop.launcher.components;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zaploop.protocol.CandidateForecaster;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.twin.TwinModel;
import org.zaploop.sim.twin.TwinParams;
import org.zaploop.sim.twin.kafka.TwinMetrics;
import org.zaploop.sim.twin.kafka.TwinService;

/**
 * The digital twin as a component: built on the session's neuron table, nudged by its traces, shown what the fish
 * is shown; publishes simulated activity and tracking error per region to {@code zl.sim.activity} and forecasts by
 * simulation (forecaster {@code twin}) to {@code zl.forecasts}, and, given candidate stimuli, their predicted
 * responses for the {@code mpc} controller policy.
 */
public final class TwinComponent implements Component {

    /** ZAPBench's horizon. */
    public static final int HORIZON = 32;
    /**
     * The demo forecasts every 8th frame: one forecast simulates about 29 s (about 0.4 s of one core for 10,000
     * neurons), which every frame would be half a core of the two that also run the fish, imaging and Kafka.
     */
    public static final int DEMO_FORECAST_EVERY = 8;

    /** Frames each candidate stimulus is simulated ahead for the model-predictive policy. */
    public static final int MPC_HORIZON = 8;

    private final ComponentContext ctx;
    private final int forecastEvery;
    private final List<CandidateForecaster> candidates;
    private final TwinModel model;
    private TwinService service;

    /**
     * Candidate stimuli from {@code ZAPLOOP_TWIN_CANDIDATES} (e.g. {@code OFF,PHOTOSTIM:intensity=0.5}; none if
     * unset), a fitted model from the file {@code ZAPLOOP_TWIN_MODEL} (none if unset).
     */
    public TwinComponent(ComponentContext ctx) {
        this(ctx, DEMO_FORECAST_EVERY, CandidateForecaster.parseList(System.getenv("ZAPLOOP_TWIN_CANDIDATES")),
                modelFrom(System.getenv("ZAPLOOP_TWIN_MODEL")));
    }

    public TwinComponent(ComponentContext ctx, int forecastEvery, List<CandidateForecaster> candidates,
                         TwinModel model) {
        this.ctx = ctx;
        this.forecastEvery = forecastEvery;
        this.candidates = List.copyOf(candidates);
        this.model = model;
    }

    private static TwinModel modelFrom(String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            return TwinModel.read(java.nio.file.Path.of(file));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("ZAPLOOP_TWIN_MODEL: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "twin";
    }

    @Override
    public void start() {
        TwinParams params = TwinParams.defaults(FishGeometry.named(ctx.scale()).volumePeriodS());
        service = new TwinService(new TwinService.Settings(ctx.bootstrap(), ctx.session(), params, HORIZON,
                forecastEvery, candidates, MPC_HORIZON, model)).start();
        TwinMetrics.register(ctx.meters(), service);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        if (service == null) {
            return s;
        }
        if (service.stats().frames() == 0) {
            s.put("state", service.state());
        }
        s.putAll(service.stats().summary());
        if (service.failure() != null) {
            s.put("failed", service.failure().toString());
        }
        return s;
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
    }
}
