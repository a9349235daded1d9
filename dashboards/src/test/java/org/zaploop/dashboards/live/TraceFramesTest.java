package org.zaploop.dashboards.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.TraceBlock;

class TraceFramesTest {

    private static TraceBlock block(long frame, int block, int first, float... dff) {
        return new TraceBlock("s", frame, block, first, 1000 + frame, false, dff, null);
    }

    @Test
    void aFrameIsReleasedWhenEveryBlockArrivedQuantisedOverTheRange() {
        TraceFrames frames = new TraceFrames(4, 0f, 1f, 1_000_000_000L);
        assertTrue(frames.add(block(0, 1, 2, 0.5f, 2f), 0).isEmpty(), "half the neurons: not yet");
        List<TraceFrames.Frame> done = frames.add(block(0, 0, 0, -1f, 0f), 0);
        assertEquals(1, done.size());
        TraceFrames.Frame f = done.get(0);
        assertFalse(f.partial());
        assertEquals(1000, f.acquisitionNs());
        // below the range clips to 1, low → 1, mid → 128, above the range → 255
        assertArrayEquals(new byte[] {1, 1, (byte) 128, (byte) 255}, f.quanta());
    }

    @Test
    void anIncompleteFrameIsPushedOutAsPartialAndItsLateBlocksAreCounted() {
        TraceFrames frames = new TraceFrames(4, 0f, 1f, 1_000_000_000L);
        frames.add(block(0, 0, 0, 0.1f, 0.1f), 0);
        assertTrue(frames.add(block(1, 0, 0, 0.2f, 0.2f), 0).isEmpty());
        List<TraceFrames.Frame> out = frames.add(block(2, 0, 0, 0.3f, 0.3f), 0);
        assertEquals(1, out.size(), "frame 0 gives way two frames later");
        assertEquals(0, out.get(0).frame());
        assertTrue(out.get(0).partial());
        assertEquals(0, out.get(0).quanta()[3], "a missing neuron is 0");
        assertTrue(frames.add(block(0, 1, 2, 0.1f, 0.1f), 0).isEmpty());
        assertEquals(1, frames.late());
    }

    @Test
    void aFrameWaitingLongerThanTheTimeoutIsReleased() {
        TraceFrames frames = new TraceFrames(4, 0f, 1f, 100);
        frames.add(block(5, 0, 0, 0.1f, 0.1f), 1000);
        assertTrue(frames.expire(1050).isEmpty());
        assertEquals(5, frames.expire(1101).get(0).frame());
    }

    @Test
    void blocksBeyondTheTableAreCountedNotStored() {
        TraceFrames frames = new TraceFrames(4, 0f, 1f, 100);
        assertTrue(frames.add(block(0, 2, 3, 0.1f, 0.1f), 0).isEmpty());
        assertEquals(1, frames.outside());
    }

    @Test
    void theHistoryGivesASelectionsMeanDequantised() {
        FrameHistory h = new FrameHistory(4, 0f, 1f);
        TraceFrames frames = new TraceFrames(2, 0f, 1f, 100);
        for (int t = 0; t < 6; t++) {
            frames.add(block(t, 0, 0, 0.1f * t, 0.3f * t > 1 ? 1 : 0.3f * t), 0).forEach(h::add);
        }
        assertEquals(5, h.newest());
        assertEquals(2, h.oldest());
        assertTrue(Float.isNaN(h.mean(1, new int[] {0})), "frame 1 left the ring");
        assertEquals(0.4f, h.mean(4, new int[] {0}), 0.005f);
        assertEquals((0.4f + 1f) / 2, h.mean(4, new int[] {0, 1}), 0.005f);
    }
}
