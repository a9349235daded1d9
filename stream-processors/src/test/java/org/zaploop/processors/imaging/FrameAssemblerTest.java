package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.zaploop.processors.imaging.FrameAssembler.Arrival;
import org.zaploop.processors.imaging.FrameAssembler.Frame;

class FrameAssemblerTest {

    private final SyntheticSession fish = new SyntheticSession("fish-01", 40, 32, 3, 12, 4, 0f, 0, 2, 9);
    private final TraceExtractor ex = new TraceExtractor(fish.footprints());

    @Test
    void aMissingPlaneGivesAPartialFrameAfterTheTimeoutAndFramesLeaveInOrder() {
        FrameAssembler a = new FrameAssembler(ex, 3, 500);
        List<Frame> out = new ArrayList<>();
        // frame 0 misses plane 2; frame 1 is complete before frame 0 times out
        assertEquals(Arrival.ACCEPTED, a.offer(0, 0, 10, fish.render(0, 0), 0, 0, 0, 1000, out));
        assertEquals(Arrival.ACCEPTED, a.offer(0, 1, 11, fish.render(0, 1), 0, 0, 0, 1001, out));
        for (int z = 0; z < 3; z++) {
            a.offer(1, z, 20 + z, fish.render(1, z), 0, 0, 0, 1100, out);
        }
        assertTrue(out.isEmpty(), "frame 1 waits for frame 0");
        assertEquals(Arrival.DUPLICATE_PLANE, a.offer(0, 1, 11, fish.render(0, 1), 0, 0, 0, 1200, out));
        a.expire(1499, out);
        assertTrue(out.isEmpty());
        a.expire(1500, out);
        assertEquals(2, out.size());
        Frame f0 = out.get(0);
        assertEquals(0, f0.frame());
        assertTrue(f0.partial());
        assertEquals(2, f0.planesReceived());
        assertEquals(11, f0.newestAcquisitionNs());
        assertEquals(1, out.get(1).frame());
        assertFalse(out.get(1).partial());
        assertEquals(22, out.get(1).newestAcquisitionNs());
        // neurons of the missing plane keep their previous value (0 before any); the others are measured
        for (int i = 0; i < fish.neurons; i++) {
            if (fish.cz[i] == 2) {
                assertEquals(0f, f0.raw()[i]);
            } else {
                assertTrue(f0.raw()[i] > 200, "neuron " + i);
            }
        }
        assertEquals(Arrival.LATE_FRAME, a.offer(0, 2, 12, fish.render(0, 2), 0, 0, 0, 1600, out));
        assertEquals(Arrival.BAD_PLANE, a.offer(2, 7, 12, fish.render(0, 2), 0, 0, 0, 1600, out));
        assertEquals(1, a.lastEmitted());
    }

    @Test
    void tooManyOpenFramesForceTheOldestOut() {
        FrameAssembler a = new FrameAssembler(ex, 2, 60_000);
        List<Frame> out = new ArrayList<>();
        float[] previous = null;
        for (int t = 0; t < 4; t++) {
            a.offer(t, 0, t, fish.render(t, 0), 0, 0, 0, 0, out);
        }
        assertEquals(2, out.size());
        assertTrue(out.get(0).partial());
        assertEquals(0, out.get(0).frame());
        assertEquals(1, out.get(1).frame());
        assertEquals(2, a.inFlight());
        previous = out.get(1).raw();
        assertArrayEquals(previous, previous.clone());
    }
}
