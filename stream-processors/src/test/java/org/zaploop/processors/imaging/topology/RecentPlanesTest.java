package org.zaploop.processors.imaging.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import org.zaploop.protocol.records.Plane;

class RecentPlanesTest {

    private static Plane plane(long frame) {
        return Plane.whole("fish-01", frame, 0, 1, frame, 10, 10, new short[100]); // 200 bytes
    }

    @Test
    void whenFullItKeepsTheOldestAndRefusesTheNewest() {
        RecentPlanes r = new RecentPlanes(500, 60_000);
        Plane a = plane(0);
        Plane b = plane(1);
        r.put(0, 10, a, 0);
        r.put(0, 11, b, 0);
        r.put(0, 12, plane(2), 0);
        assertEquals(400, r.bytes());
        assertEquals(1, r.refused());
        assertNull(r.take(0, 12));
        assertSame(a, r.take(0, 10));
        assertNull(r.take(0, 10), "taken once");
        assertSame(b, r.take(0, 11));
        assertNull(r.take(1, 11), "another partition's offset 11 is another plane");
        assertEquals(0, r.bytes());
    }

    @Test
    void planesNobodyTookAreDroppedAfterTheirTime() {
        RecentPlanes r = new RecentPlanes(500, 1_000);
        r.put(0, 1, plane(0), 0);
        r.put(0, 2, plane(1), 600);
        r.put(0, 3, plane(2), 1_200); // drops the one put at 0 first, so there is room
        assertEquals(0, r.refused());
        assertNull(r.take(0, 1));
        assertEquals(400, r.bytes());
    }

    @Test
    void aPlaneDecodedAgainReplacesItselfAndIsCountedOnce() {
        RecentPlanes r = new RecentPlanes(500, 60_000);
        r.put(0, 10, plane(0), 0);
        Plane again = plane(0);
        r.put(0, 10, again, 100); // a revived task re-reads its input after an aborted transaction
        assertEquals(200, r.bytes());
        r.put(0, 11, plane(1), 100);
        assertEquals(0, r.refused(), "the plane decoded twice takes its room once");
        assertSame(again, r.take(0, 10));
        assertEquals(200, r.bytes());
    }
}
