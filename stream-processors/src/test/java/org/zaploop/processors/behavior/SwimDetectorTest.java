package org.zaploop.processors.behavior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.zaploop.processors.dsp.SampleSequence.Arrival;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.SampleType;

class SwimDetectorTest {

    static final int BLOCK = 60; // 10 ms blocks

    /** Collects onsets and offsets. */
    static final class Found implements BoutListener {
        final List<long[]> bouts = new ArrayList<>();

        @Override
        public void onset(long id, long sample) {
            bouts.add(new long[] {sample, -1});
        }

        @Override
        public void offset(long id, long sample) {
            bouts.get(bouts.size() - 1)[1] = sample;
        }
    }

    static Found run(SyntheticTail sig, TailBehavior tb, List<Behavior> out) {
        Found f = new Found();
        for (int s = 0; s + BLOCK <= sig.samples; s += BLOCK) {
            EphysBlock b = new EphysBlock("fish-01", s, SyntheticTail.RATE, 1_000_000_000L + s * 166_667L,
                    SyntheticTail.CHANNELS, BLOCK, SampleType.FLOAT32, 1f, sig.slice(s, BLOCK));
            TailBehavior.Outcome o = tb.onBlock(b, f);
            if (out != null) {
                out.add(o.behavior());
            }
        }
        return f;
    }

    @Test
    void findsBoutsWithHighRecallAndSmallOnsetError() {
        int truth = 0;
        int hits = 0;
        int falseAlarms = 0;
        double worstOnsetMs = 0;
        double sumOnsetMs = 0;
        int turnAgree = 0;
        for (long seed = 1; seed <= 4; seed++) {
            SyntheticTail sig = new SyntheticTail(120, seed);
            TailBehavior tb = new TailBehavior(SwimConfig.defaults());
            List<Behavior> recs = new ArrayList<>();
            Found f = run(sig, tb, recs);
            truth += sig.bouts.size();
            boolean[] used = new boolean[f.bouts.size()];
            for (SyntheticTail.Bout b : sig.bouts) {
                int best = -1;
                for (int i = 0; i < f.bouts.size(); i++) {
                    long on = f.bouts.get(i)[0];
                    if (!used[i] && Math.abs(on - b.start()) < 0.05 * SyntheticTail.RATE) {
                        best = i;
                        break;
                    }
                }
                if (best >= 0) {
                    used[best] = true;
                    hits++;
                    double signed = (f.bouts.get(best)[0] - b.start()) / SyntheticTail.RATE * 1000;
                    if (Math.abs(signed) > 6) {
                        System.out.printf("onset error %.2f ms (vigor %.2f turn %.2f)%n", signed, b.vigor(), b.turn());
                    }
                    double err = Math.abs(signed);
                    worstOnsetMs = Math.max(worstOnsetMs, err);
                    sumOnsetMs += err;
                }
            }
            for (boolean u : used) {
                falseAlarms += u ? 0 : 1;
            }
            // The turn index of the block where each bout ends has the sign of the true turn (when clear).
            for (SyntheticTail.Bout b : sig.bouts) {
                int blk = (int) (b.end() / BLOCK);
                double best = 0;
                for (int k = blk; k < Math.min(recs.size(), blk + 20); k++) {
                    if (recs.get(k).turnIndex() != 0) {
                        best = recs.get(k).turnIndex();
                    }
                    if (!recs.get(k).swimming()) {
                        break;
                    }
                }
                if (Math.abs(b.turn()) < 0.15 || Math.signum(best) == Math.signum(b.turn())) {
                    turnAgree++;
                }
            }
        }
        double recall = hits / (double) truth;
        System.out.printf("bouts %d, recall %.3f, false alarms %d, onset error mean %.2f ms, worst %.2f ms, "
                + "turn sign agreement %d/%d%n", truth, recall, falseAlarms, sumOnsetMs / hits, worstOnsetMs,
                turnAgree, truth);
        assertTrue(recall >= 0.95, "recall " + recall);
        assertTrue(worstOnsetMs < 10, "worst onset error " + worstOnsetMs + " ms");
        assertTrue(falseAlarms <= truth * 0.05, "false alarms " + falseAlarms);
        assertTrue(turnAgree >= truth * 0.9, "turn sign agreement " + turnAgree + "/" + truth);
    }

    @Test
    void adaptsToEachChannelsNoiseFloor() {
        SyntheticTail sig = new SyntheticTail(30, 9);
        // right channel recorded with 3x the gain: its noise floor is 3x higher, detection must still work
        for (int s = 0; s < sig.samples; s++) {
            sig.data[s * SyntheticTail.CHANNELS + 1] *= 3;
        }
        TailBehavior tb = new TailBehavior(SwimConfig.defaults());
        Found f = run(sig, tb, null);
        double ratio = tb.detector().noiseFloor(1) / tb.detector().noiseFloor(0);
        assertEquals(3, ratio, 0.3);
        assertTrue(f.bouts.size() >= sig.bouts.size() * 0.95, f.bouts.size() + " of " + sig.bouts.size());
    }

    @Test
    void duplicatesAreDroppedGapsResetAndOverlapsTrimmed() {
        SyntheticTail sig = new SyntheticTail(3, 3);
        TailBehavior tb = new TailBehavior(SwimConfig.defaults());
        Found f = new Found();
        EphysBlock b0 = block(sig, 0, 600);
        assertEquals(Arrival.FIRST, tb.onBlock(b0, f).arrival());
        TailBehavior.Outcome dup = tb.onBlock(b0, f);
        assertEquals(Arrival.DUPLICATE, dup.arrival());
        assertNull(dup.behavior());
        assertEquals(Arrival.IN_ORDER, tb.onBlock(block(sig, 600, 600), f).arrival());
        TailBehavior.Outcome gap = tb.onBlock(block(sig, 1800, 600), f);
        assertEquals(Arrival.GAP, gap.arrival());
        assertEquals(600, gap.missingSamples());
        TailBehavior.Outcome over = tb.onBlock(block(sig, 2100, 600), f);
        assertEquals(Arrival.OVERLAP, over.arrival());
        assertEquals(2400, over.behavior().firstSample());
        assertEquals(2699, over.behavior().lastSample());
    }

    @Test
    void behaviorCarriesTheNewestSampleTime() {
        SyntheticTail sig = new SyntheticTail(1, 4);
        TailBehavior tb = new TailBehavior(SwimConfig.defaults());
        EphysBlock b = block(sig, 0, 60);
        Behavior out = tb.onBlock(b, BoutListener.NONE).behavior();
        assertEquals(b.acquisitionNs() + Math.round(59 / 6000.0 * 1e9), out.acquisitionNs());
        assertEquals(0, out.firstSample());
        assertEquals(59, out.lastSample());
    }

    @Test
    void snapshotRestoresTheSameState() {
        SyntheticTail sig = new SyntheticTail(6, 5);
        TailBehavior a = new TailBehavior(SwimConfig.defaults());
        List<Behavior> ra = new ArrayList<>();
        List<Behavior> rb = new ArrayList<>();
        TailBehavior b = null;
        for (int s = 0; s + BLOCK <= sig.samples; s += BLOCK) {
            EphysBlock blk = block(sig, s, BLOCK);
            ra.add(a.onBlock(blk, BoutListener.NONE).behavior());
            b = TailBehavior.restore(SwimConfig.defaults(), (b == null ? new TailBehavior(SwimConfig.defaults()) : b)
                    .snapshot());
            rb.add(b.onBlock(blk, BoutListener.NONE).behavior());
        }
        assertEquals(ra, rb);
        assertArrayEquals(a.snapshot(), b.snapshot());
    }

    static EphysBlock block(SyntheticTail sig, int from, int n) {
        return new EphysBlock("fish-01", from, SyntheticTail.RATE, 1_000_000_000L + Math.round(from / 6000.0 * 1e9),
                SyntheticTail.CHANNELS, n, SampleType.FLOAT32, 1f, sig.slice(from, n));
    }
}
