package org.zaploop.processors.imaging.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How many frames a session may hold open: the configured bound, unless the volumes would not fit the heap. */
class FramesInFlightTest {

    private static final long ZAPBENCH_VOLUME = 2L * 2048 * 1328 * 72;

    @Test
    void smallVolumesKeepTheConfiguredBound() {
        assertEquals(16, SessionImaging.framesInFlight(16, 2L * 128 * 83 * 6, 1L << 30)); // a third of a small heap
    }

    @Test
    void zapbenchVolumesAreBoundedByTheHeap() {
        assertEquals(12, SessionImaging.framesInFlight(16, ZAPBENCH_VOLUME, 6L << 30)); // 4.5 GiB / 392 MB
        assertEquals(16, SessionImaging.framesInFlight(16, ZAPBENCH_VOLUME, 16L << 30));
        assertEquals(4, SessionImaging.framesInFlight(16, ZAPBENCH_VOLUME, 3L << 30)); // 1.5 GiB / 392 MB
        assertEquals(2, SessionImaging.framesInFlight(16, ZAPBENCH_VOLUME, 1L << 30), "never fewer than two");
    }

    @Test
    void replayingHasNoBound() {
        assertEquals(Integer.MAX_VALUE, SessionImaging.framesInFlight(Integer.MAX_VALUE, ZAPBENCH_VOLUME, 1L << 30));
    }
}
