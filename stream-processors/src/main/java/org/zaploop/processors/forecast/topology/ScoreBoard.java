package org.zaploop.processors.forecast.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.processors.forecast.ZapbenchProtocol;
import org.zaploop.protocol.records.ForecastScore;

/**
 * The latest running MAE per forecaster, condition and steps ahead, as the score aggregators publish it (the
 * session scored most recently), for the meters, the status line and the log. Exported as the gauge
 * {@code zaploop.forecast.mae{forecaster, steps_ahead, condition}} (Prometheus {@code zaploop_forecast_mae}; ΔF/F
 * is a ratio, so the value is unitless; {@code condition} is the ZAPBench condition name or {@code all}). Logs a
 * line at most every {@code logEveryMs}. Thread-safe: the stream threads update it, the launcher reads it.
 */
public final class ScoreBoard {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreBoard.class);

    /** One forecaster × condition: MAE per step, updated in place so gauges keep reading the same array. */
    private record Entry(String forecaster, int condition, double[] mae) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final long logEveryMs;
    private volatile MeterRegistry meters;
    private long lastLogMs;
    private String session = "";
    private long frame = -1;
    private long windows;

    private final LongSupplier linearFits;

    /** @param linearFits how often the online linear map was solved (0: it still answers with the context mean) */
    public ScoreBoard(long logEveryMs, LongSupplier linearFits) {
        this.logEveryMs = logEveryMs;
        this.linearFits = linearFits;
    }

    /** Registers the gauges of every entry so far and of every later one. */
    public synchronized void bind(MeterRegistry registry) {
        meters = registry;
        entries.values().forEach(this::register);
    }

    /**
     * Records the running MAE of a forecaster under a condition ({@link ForecastScore#ALL_CONDITIONS} = all);
     * steps with no target scored yet ({@code counts[h] == 0}) read NaN.
     */
    public void update(ForecastScore s, long[] counts) {
        String key = s.forecaster() + "/" + s.condition();
        Entry e = entries.get(key);
        if (e == null || e.mae().length != s.maePerStep().length) {
            synchronized (this) {
                e = new Entry(s.forecaster(), s.condition(), new double[s.maePerStep().length]);
                copy(s.maePerStep(), counts, e.mae());
                entries.put(key, e);
                if (!order.contains(s.forecaster())) {
                    order.add(s.forecaster());
                }
                register(e);
            }
        } else {
            copy(s.maePerStep(), counts, e.mae());
        }
        if (s.condition() == ForecastScore.ALL_CONDITIONS) {
            maybeLog(s);
        }
    }

    private static void copy(double[] mae, long[] counts, double[] dest) {
        for (int h = 0; h < dest.length; h++) {
            dest[h] = counts[h] == 0 ? Double.NaN : mae[h];
        }
    }

    /** The running MAE of {@code step} (1-based) over all conditions, or NaN before any score. */
    public double mae(String forecaster, int step) {
        Entry e = entries.get(forecaster + "/" + ForecastScore.ALL_CONDITIONS);
        return e == null || step < 1 || step > e.mae().length ? Double.NaN : e.mae()[step - 1];
    }

    /**
     * The MAE {@code step} frames ahead over all conditions of the linear forecaster and the mean baseline (or of
     * the first forecasters scored), e.g. {@code "linear 0.0123 mean 0.0150"}; "-" before any score.
     */
    public synchronized String line(int step) {
        List<String> shown = new ArrayList<>();
        for (String f : List.of("linear", "mean")) {
            if (order.contains(f)) {
                shown.add(f);
            }
        }
        for (String f : order) {
            if (shown.size() < 2 && !shown.contains(f)) {
                shown.add(f);
            }
        }
        StringBuilder b = new StringBuilder();
        for (String f : shown) {
            double m = mae(f, step);
            if (!Double.isNaN(m)) {
                b.append(b.length() == 0 ? "" : " ").append(label(f)).append(' ')
                        .append(String.format(Locale.ROOT, "%.4f", m));
            }
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    private synchronized void maybeLog(ForecastScore s) {
        if (s.frame() > frame || !s.session().equals(session)) {
            session = s.session();
            frame = s.frame();
            windows = s.windows();
        }
        long now = System.currentTimeMillis();
        if (now - lastLogMs < logEveryMs) {
            return;
        }
        lastLogMs = now;
        int h = s.maePerStep().length;
        LOG.info("forecast accuracy, session {} up to frame {} ({} frames scored): mean absolute error of ΔF/F "
                        + "1 frame ahead: {}; {} frames ahead: {} (lower is better; 'mean' is the context-mean baseline; "
                        + "'unfitted' means the linear map has not been solved yet and forecasts the context mean)",
                session, frame, windows, allAt(1), h, allAt(h));
    }

    private String allAt(int step) {
        StringBuilder b = new StringBuilder();
        for (String f : order) {
            double m = mae(f, step);
            if (!Double.isNaN(m)) {
                b.append(b.length() == 0 ? "" : ", ").append(label(f)).append(' ')
                        .append(String.format(Locale.ROOT, "%.4f", m));
            }
        }
        return b.length() == 0 ? "none scored yet" : b.toString();
    }

    /** The forecaster's name, marked while the online linear map is not fitted (it forecasts the context mean). */
    private String label(String forecaster) {
        return forecaster.equals("linear") && linearFits.getAsLong() == 0 ? "linear(unfitted)" : forecaster;
    }

    private void register(Entry e) {
        MeterRegistry m = meters;
        if (m == null) {
            return;
        }
        String condition = e.condition() == ForecastScore.ALL_CONDITIONS ? "all"
                : ZapbenchProtocol.conditionName(e.condition());
        double[] mae = e.mae();
        for (int step = 0; step < mae.length; step++) {
            int k = step;
            Gauge.builder("zaploop.forecast.mae", mae, a -> a[k])
                    .description("running mean absolute error of the forecast ΔF/F, k frames ahead")
                    .tags("forecaster", e.forecaster(), "steps_ahead", Integer.toString(step + 1),
                            "condition", condition)
                    .strongReference(true)
                    .register(m);
        }
    }
}
