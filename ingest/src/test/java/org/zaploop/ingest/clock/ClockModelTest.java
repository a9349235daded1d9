package org.zaploop.ingest.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * A simulated rig whose clock runs 3.2 s ahead and 50 ppm fast, behind a jittery link: after the ping exchange
 * the fitted model maps rig times onto ZapLoop time within 1 ms, and ephys samples and events land in the right
 * volume frame away from frame edges.
 */
class ClockModelTest {

    private static final long START = 1_700_000_000_000_000_000L;
    private static final long OFFSET = 3_200_000_000L;
    private static final double DRIFT = 50e-6;

    /** The rig clock at true (ZapLoop) time t. */
    private static long rig(long t) {
        return t + OFFSET + Math.round(DRIFT * (t - START));
    }

    /** One way delay: 0.2 ms plus exponential jitter of mean 2 ms, sometimes a 30 ms stall. */
    private static long delay(SplittableRandom rnd) {
        long d = 200_000 + Math.round(-Math.log(1 - rnd.nextDouble()) * 2_000_000);
        return rnd.nextDouble() < 0.05 ? d + 30_000_000 : d;
    }

    /** Runs the gateway's schedule: 8 quick pings 50 ms apart, then one every 2 s, for {@code seconds}. */
    private static ClockModel exchange(SplittableRandom rnd, int seconds) {
        ClockModel model = new ClockModel();
        long t = START;
        for (int i = 0; i < 8; i++, t += 50_000_000L) {
            ping(model, rnd, t);
        }
        for (; t < START + seconds * 1_000_000_000L; t += 2_000_000_000L) {
            ping(model, rnd, t);
        }
        return model;
    }

    private static void ping(ClockModel model, SplittableRandom rnd, long t0) {
        long atRig = t0 + delay(rnd);
        long t1 = atRig + delay(rnd);
        model.add(t0, rig(atRig), t1);
    }

    @Test
    void aSkewedDriftingRigClockMapsWithinOneMillisecond() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            ClockModel model = exchange(rnd, 240);
            ClockFit fit = model.fit();
            assertEquals(OFFSET, fit.offsetNs() - Math.round(DRIFT * (fit.refNs() - START)), 1_000_000,
                    "offset, seed " + seed);
            assertEquals(50.0, fit.driftPpm(), 5.0, "drift, seed " + seed);
            // Times over the last two minutes and a minute past the newest sample.
            for (long t = fit.refNs() - 120_000_000_000L; t < fit.refNs() + 60_000_000_000L; t += 997_000_000L) {
                long mapped = fit.toZapLoopNs(rig(t));
                assertEquals(t, mapped, 1_000_000, "seed " + seed + ", " + (t - fit.refNs()) / 1e9 + " s from ref");
            }
        }
    }

    @Test
    void theQuickPingsAloneGiveTheOffset() {
        ClockModel model = new ClockModel();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 8; i++) {
            ping(model, rnd, START + i * 50_000_000L);
        }
        ClockFit fit = model.fit();
        assertEquals(0.0, fit.driftPpm(), "no drift from samples under a second apart");
        assertEquals(8, model.size());
        long t = START + 500_000_000L;
        assertEquals(t, fit.toZapLoopNs(rig(t)), 1_000_000);
    }

    @Test
    void ephysSamplesAndEventsLandInTheRightFrame() {
        ClockFit fit = exchange(new SplittableRandom(3), 240).fit();
        long firstFrameNs = START + 10_000_000_000L; // frame 0 starts 10 s in (ZapLoop time)
        FrameMapper frames = new FrameMapper(firstFrameNs, FrameMapper.ZAPBENCH_VOLUME_PERIOD_NS);
        // The rig's tail ephys: 6 kHz, sample 0 taken at true time START + 5 s, time-stamped on the rig clock.
        double rate = 6000.0;
        long sample0True = START + 5_000_000_000L;
        long sample0Mapped = fit.toZapLoopNs(rig(sample0True));
        int checked = 0;
        for (long s = 0; s < 6000L * 200; s += 997) {
            long trueNs = FrameMapper.sampleTimeNs(s, 0, sample0True, rate);
            if (frames.distanceToEdgeNs(trueNs) < 2_000_000) {
                continue; // within 2 ms of a frame edge a 1 ms error may legitimately change the frame
            }
            assertEquals(frames.frameAt(trueNs), frames.frameOfSample(s, 0, sample0Mapped, rate), "sample " + s);
            checked++;
        }
        assertTrue(checked > 1000);
        // A rig event (e.g. a TTL) 100 s in, mid-frame.
        long eventTrue = frames.frameStartNs(97) + 400_000_000L;
        assertEquals(97, frames.frameAt(fit.toZapLoopNs(rig(eventTrue))));
    }

    @Test
    void frameArithmetic() {
        FrameMapper f = new FrameMapper(1000, 100);
        assertEquals(0, f.frameAt(1000));
        assertEquals(0, f.frameAt(1099));
        assertEquals(1, f.frameAt(1100));
        assertEquals(-1, f.frameAt(999));
        assertEquals(0, f.distanceToEdgeNs(1100));
        assertEquals(50, f.distanceToEdgeNs(1150));
        assertEquals(1_000_000_000L + 1000, FrameMapper.sampleTimeNs(6000, 0, 1000, 6000.0));
        assertEquals(10, f.frameOfSample(11, 1, 1000, 1e7)); // 10 samples at 10 MHz = 1000 ns
    }

    @Test
    void pongsStuckBehindAPausedSocketDoNotProduceAnAbsurdDrift() {
        ClockModel model = new ClockModel();
        long t = START;
        for (int i = 0; i < 20; i++, t += 1_500_000_000L) {
            long stuck = (i % 3) * 700_000_000L; // pongs queued behind planes for up to 1.4 s
            model.add(t, rig(t + 100_000), t + 200_000 + stuck);
        }
        ClockFit fit = model.fit();
        assertTrue(Math.abs(fit.driftPpm()) <= ClockModel.MAX_PLAUSIBLE_DRIFT * 1e6, "drift " + fit.driftPpm());
    }
}
