package org.zaploop.launcher.cli;

import java.util.HashMap;
import java.util.Map;
import org.zaploop.processors.forecast.Forecaster;
import org.zaploop.sim.twin.DigitalTwin;
import org.zaploop.sim.twin.RecordedSession;
import org.zaploop.sim.twin.TwinModel;
import org.zaploop.sim.twin.TwinParams;

/**
 * The digital twin as a forecaster under the ZAPBench protocol ({@code bench forecast --forecasters twin}): for a
 * window whose last context frame is t, the twin has followed the recorded session up to t (twin mode: nudged by
 * every measured frame, shown the session's stimuli as they came) and simulates the next H frames on a copy of its
 * state under the command standing at t ({@link RecordedSession#heldAfter}: it is not told what comes next, and a
 * flash it saw begin still ends after its duration, as the fish saw it). It is a stateful model: its context is
 * its state, built from every frame up to t, never from a frame after t. The evaluator asks block by block for the
 * same windows, so the whole-brain forecast of each window is simulated once and kept; a window earlier than the
 * twin's present restarts the twin from the session's start. Not thread-safe. Reads no topic.
 */
final class TwinForecaster implements Forecaster, AutoCloseable {

    private final RecordedSession session;
    private final TwinParams params;
    private final TwinModel model;
    private final int context;
    private final int horizon;
    private final int n;
    private final float[] measured;
    /** Whole-brain forecasts [h][neuron] by the window's last context frame. */
    private final Map<Integer, float[]> byFrame = new HashMap<>();
    private DigitalTwin twin;
    private int simulated;

    TwinForecaster(RecordedSession session, TwinParams params, TwinModel model, int context, int horizon) {
        this.session = session;
        this.params = params;
        this.model = model;
        this.context = context;
        this.horizon = horizon;
        this.n = session.map().measured();
        this.measured = new float[n];
    }

    @Override
    public String name() {
        return "twin";
    }

    @Override
    public int context() {
        return context;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    /** Whole-brain forecasts simulated so far (one per window). */
    int simulated() {
        return simulated;
    }

    @Override
    public void forecast(float[][] frames, int from, int firstNeuron, int neurons, int[] targetConditions,
                         float[] out) {
        if (firstNeuron + neurons > n) {
            throw new IllegalArgumentException("the twin has " + n + " neurons; asked for " + neurons + " from "
                    + firstNeuron);
        }
        int t = from + context - 1;
        float[] whole = byFrame.computeIfAbsent(t, this::simulate);
        for (int h = 0; h < horizon; h++) {
            System.arraycopy(whole, h * n + firstNeuron, out, h * neurons, neurons);
        }
    }

    /** Follows the session up to frame t (restarting if the twin is past it) and simulates H frames ahead. */
    private float[] simulate(int t) {
        if (twin == null || twin.lastFrame() > t) {
            close();
            twin = new DigitalTwin(params, session.map(), model);
        }
        for (int f = (int) twin.lastFrame() + 1; f <= t; f++) {
            session.show(f, twin);
            session.frame(f, measured);
            twin.observe(f, measured);
        }
        float[] whole = new float[horizon * n];
        twin.simulateAheadShowing(session.heldAfter(t, horizon), whole, null);
        simulated++;
        return whole;
    }

    @Override
    public void close() {
        if (twin != null) {
            twin.close();
            twin = null;
        }
    }
}
