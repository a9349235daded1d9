package org.zaploop.sim.engine;

/**
 * Where a real-time-paced run stands.
 *
 * @param simTimeMs simulated time since the paced run started
 * @param wallTimeMs wall time since the paced run started
 * @param lagMs how far simulation trails the wall clock (≤ 0 when on time)
 * @param realtimeFactor simulated per wall time of the engine alone over the last report
 *     period (×RT; above 1 means it could keep up)
 * @param keepingUp false when the lag exceeds the runner's tolerance
 */
public record ClockStatus(double simTimeMs, double wallTimeMs, double lagMs, double realtimeFactor,
                          boolean keepingUp) {
}
