package org.zaploop.sim.fish;

/**
 * When the microscope acquires each plane: plane k of volume t starts at {@code t · period + k · period / depth}
 * seconds after the session start. Shared by the camera (time stamps) and the ephys (TTL channel).
 */
public record PlaneClock(FishGeometry geometry) {

    private static final double TTL_WIDTH_S = 0.001;

    /** Seconds from the session start to the start of plane {@code z} of volume {@code frame}. */
    public double planeStartS(long frame, int z) {
        return frame * geometry.volumePeriodS() + z * geometry.planePeriodS();
    }

    /** The imaging TTL at time {@code tS}: 5 V in the first ms of a volume, 2.5 V in the first ms of other planes. */
    public double ttlVolts(double tS) {
        double plane = geometry.planePeriodS();
        long planeIndex = (long) Math.floor(tS / plane);
        double intoPlane = tS - planeIndex * plane;
        if (intoPlane >= TTL_WIDTH_S) {
            return 0;
        }
        return planeIndex % geometry.depth() == 0 ? 5.0 : 2.5;
    }
}
