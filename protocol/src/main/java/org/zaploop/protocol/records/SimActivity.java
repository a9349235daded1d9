package org.zaploop.protocol.records;

import java.util.Arrays;

import org.zaploop.protocol.Names;

/**
 * Population output of the real-time simulator (the digital twin or the virtual fish) for one brain region
 * at one simulated instant. Travels on {@code zl.sim.activity}, key {@code session/region}, binary format ZLSA.
 *
 * @param session         session id
 * @param region          region name, {@link Names#PATTERN}
 * @param acquisitionNs   acquisition time of the measured data the simulation step was driven by
 * @param simTimeNs       simulated time since the simulation started
 * @param populationCount populations in the region, 1..65536
 * @param rateHz          firing rate per population, finite, >= 0
 * @param meanDff         mean simulated ΔF/F per population, finite
 * @param trackingError   error of the twin against measured activity; NaN when not computed, else finite
 */
public record SimActivity(String session, String region, long acquisitionNs, long simTimeNs, int populationCount,
                          float[] rateHz, float[] meanDff, float trackingError) {

    public SimActivity {
        Names.requireSession(session);
        Names.require("region", region);
        Check.atLeast("acquisitionNs", acquisitionNs, 0);
        Check.atLeast("simTimeNs", simTimeNs, 0);
        Check.range("populationCount", populationCount, 1, Limits.MAX_POPULATIONS);
        Check.length("rateHz", Check.notNull("rateHz", rateHz).length, populationCount, "one per population");
        Check.length("meanDff", Check.notNull("meanDff", meanDff).length, populationCount, "one per population");
        for (int i = 0; i < populationCount; i++) {
            Check.finiteIn("rateHz[" + i + "]", rateHz[i], 0, Float.MAX_VALUE);
        }
        Check.finite("meanDff", meanDff);
        if (Float.isInfinite(trackingError)) {
            throw new IllegalArgumentException("field 'trackingError' must be finite or NaN, got " + trackingError);
        }
    }

    public boolean hasTrackingError() {
        return !Float.isNaN(trackingError);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimActivity s && session.equals(s.session) && region.equals(s.region)
                && acquisitionNs == s.acquisitionNs && simTimeNs == s.simTimeNs
                && populationCount == s.populationCount && Arrays.equals(rateHz, s.rateHz)
                && Arrays.equals(meanDff, s.meanDff) && Float.compare(trackingError, s.trackingError) == 0;
    }

    @Override
    public int hashCode() {
        int h = session.hashCode();
        h = 31 * h + region.hashCode();
        h = 31 * h + Long.hashCode(simTimeNs);
        return 31 * h + Arrays.hashCode(rateHz);
    }

    @Override
    public String toString() {
        return "SimActivity[session=" + session + ", region=" + region + ", acquisitionNs=" + acquisitionNs
                + ", simTimeNs=" + simTimeNs + ", populationCount=" + populationCount
                + ", rateHz=" + Check.summary(rateHz) + ", meanDff=" + Check.summary(meanDff)
                + ", trackingError=" + trackingError + "]";
    }
}
