package org.zaploop.sim.engine;

/** Receives a {@link RealtimeRunner}'s status: periodically, and at once whenever keeping up changes. */
@FunctionalInterface
public interface ClockListener {

    void onStatus(ClockStatus status);
}
