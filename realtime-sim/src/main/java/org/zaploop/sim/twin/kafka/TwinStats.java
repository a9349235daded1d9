package org.zaploop.sim.twin.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zaploop.sim.twin.DigitalTwin;
import org.zaploop.sim.twin.RegionMap;
import org.zaploop.sim.twin.TwinFrame;

/**
 * The running twin's figures, written by its thread and read by status lines and meters from others: frames taken,
 * real-time factor, tracking error overall and per region, time of the last forecast by simulation.
 */
public final class TwinStats {

    private volatile int neurons;
    private volatile List<String> regions = List.of();
    private volatile long frames;
    private volatile double realTimeFactor = Double.NaN;
    private volatile double trackingError = Double.NaN;
    private volatile float[] regionError = new float[0];
    private volatile double forecastSeconds = Double.NaN;
    private volatile long forecasts;
    private volatile long skipped;
    private volatile long predicted;
    private volatile long tailLate;
    private volatile long tailKnown;

    void started(DigitalTwin twin) {
        neurons = twin.map().measured();
        regions = twin.regionNames();
    }

    void frame(TwinFrame f, RegionMap map) {
        realTimeFactor = f.realTimeFactor();
        trackingError = f.overallError(map);
        regionError = f.trackingError().clone();
        frames++;
    }

    void forecast(long nanos) {
        forecastSeconds = nanos / 1e9;
        forecasts++;
    }

    void predicted() {
        predicted++;
    }

    /** Frames for which the candidates' responses were predicted. */
    public long predictedFrames() {
        return predicted;
    }

    void tailLate() {
        tailLate++;
    }

    void tailKnown() {
        tailKnown++;
    }

    /** Frames taken with their period's tail activity driving the motor pools. */
    public long tailFrames() {
        return tailKnown;
    }

    /** Frames taken before their period's tail samples had all arrived (simulated with the tail's recent average). */
    public long tailLateFrames() {
        return tailLate;
    }

    void skipped() {
        skipped++;
    }

    /** Forecasts left out because the twin was behind. */
    public long skippedForecasts() {
        return skipped;
    }

    public long frames() {
        return frames;
    }

    public int neurons() {
        return neurons;
    }

    /** Simulated seconds per wall second of the last frame (the twin keeps pace at ≥ 1). */
    public double realTimeFactor() {
        return realTimeFactor;
    }

    /** RMS of measured − simulated ΔF/F over all measured neurons at the last frame. */
    public double trackingError() {
        return trackingError;
    }

    /** The last frame's tracking error of region {@code name}, NaN if unknown. */
    public double regionError(String name) {
        int i = regions.indexOf(name);
        float[] e = regionError;
        return i < 0 || i >= e.length ? Double.NaN : e[i];
    }

    public List<String> regions() {
        return regions;
    }

    /** Wall time of the last forecast by simulation, s. */
    public double forecastSeconds() {
        return forecastSeconds;
    }

    public long forecasts() {
        return forecasts;
    }

    /** Figures for status lines. */
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("frames", frames);
        if (frames > 0) {
            s.put("rt", String.format("%.1fx", realTimeFactor));
            s.put("err", String.format("%.3f", trackingError));
        }
        if (forecasts > 0) {
            s.put("ahead", String.format("%.2fs", forecastSeconds));
        }
        if (predicted > 0) {
            s.put("mpc", predicted);
        }
        if (skipped > 0) {
            s.put("behindSkips", skipped);
        }
        if (tailKnown > 0 || tailLate > 0) {
            s.put("tail", tailKnown + "/" + (tailKnown + tailLate));
        }
        return s;
    }
}
