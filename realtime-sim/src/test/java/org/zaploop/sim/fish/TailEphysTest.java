package org.zaploop.sim.fish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TailEphysTest {

    private static final PlaneClock CLOCK = new PlaneClock(FishGeometry.small());

    @Test
    void noDriveNoBoutsAndOnlyNoiseOnTheTailChannels() {
        TailEphys e = new TailEphys(TailEphys.Params.typical(), 1);
        float[] buf = new float[6000 * EphysLayout.CHANNELS];
        e.fill(buf, 6000, CLOCK, 3, 0, 0);
        assertTrue(e.bouts().isEmpty());
        double ss = 0;
        for (int s = 0; s < 6000; s++) {
            ss += buf[s * EphysLayout.CHANNELS] * buf[s * EphysLayout.CHANNELS];
            assertEquals(3f, buf[s * EphysLayout.CHANNELS + EphysLayout.CONDITION]);
        }
        assertEquals(0.02, Math.sqrt(ss / 6000), 0.002);
        assertEquals(6000, e.nextSample());
    }

    @Test
    void driveStartsBoutsWithPowerOnTheTailChannelsAndRefractoryGaps() {
        TailEphys e = new TailEphys(TailEphys.Params.typical(), 2);
        e.setMotorDrive(0.9, 0.9);
        float[] buf = new float[12_000 * EphysLayout.CHANNELS];
        e.fill(buf, 12_000, CLOCK, 1, 0, 0);
        List<Bout> bouts = e.bouts();
        assertTrue(bouts.size() >= 3, "two seconds of strong drive give several bouts, got " + bouts.size());
        for (int i = 1; i < bouts.size(); i++) {
            assertTrue(bouts.get(i).onsetSample() - bouts.get(i - 1).offsetSample() >= 0.3 * 6000 - 1, "refractory gap");
        }
        Bout b = bouts.get(0);
        assertTrue(power(buf, EphysLayout.LEFT, b.onsetSample(), b.offsetSample())
                > 10 * power(buf, EphysLayout.LEFT, b.offsetSample(), b.offsetSample() + 600), "bursts stand out over noise");
    }

    @Test
    void aOneSidedDriveTurnsTheFish() {
        TailEphys e = new TailEphys(TailEphys.Params.typical(), 3);
        e.setMotorDrive(0.1, 0.9);
        e.fill(new float[3000 * EphysLayout.CHANNELS], 3000, CLOCK, 0, 0, 0);
        assertTrue(e.bouts().get(0).turn() > 0.5, "right-dominated drive turns right");
    }

    @Test
    void imagingTtlMarksVolumesAndPlanes() {
        assertEquals(5.0, CLOCK.ttlVolts(0.0));
        assertEquals(2.5, CLOCK.ttlVolts(FishGeometry.small().planePeriodS() + 0.0001));
        assertEquals(0.0, CLOCK.ttlVolts(0.002));
        assertEquals(5.0, CLOCK.ttlVolts(FishGeometry.small().volumePeriodS() * 3 + 0.0002));
    }

    private static double power(float[] buf, int channel, long from, long to) {
        double ss = 0;
        for (long s = from; s < to; s++) {
            double v = buf[(int) s * EphysLayout.CHANNELS + channel];
            ss += v * v;
        }
        return ss / (to - from);
    }
}
