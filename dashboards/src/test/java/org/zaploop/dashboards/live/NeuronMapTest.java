package org.zaploop.dashboards.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.NeuronTableBlock;

class NeuronMapTest {

    private static NeuronTableBlock block(long version, int block, int first, int total) {
        return new NeuronTableBlock("s", version, block, first, total, 10, 10, 3, 0, new int[] {first + 100},
                new float[] {first}, new float[] {first + 1}, new float[] {first % 3}, new int[] {0, 1},
                new int[] {first}, null);
    }

    @Test
    void aTableIsCompleteWhenEveryBlockOfOneVersionArrivedAndANewerVersionStartsAfresh() {
        NeuronMap map = new NeuronMap();
        assertNull(map.add(block(1, 0, 0, 2)));
        assertNull(map.add(block(2, 1, 1, 2)), "version 2 replaces the unfinished version 1");
        assertNull(map.add(block(1, 0, 0, 2)), "an older version is ignored");
        NeuronMap.Table t = map.add(block(2, 0, 0, 2));
        assertNotNull(t);
        assertEquals(2, t.version());
        assertArrayEquals(new int[] {100, 101}, t.ids());
        assertArrayEquals(new float[] {1, 2}, t.y());
        assertNull(map.add(block(2, 0, 0, 2)), "the same version again is no news");
    }

    @Test
    void theMapMessageCarriesIdsAndCentroidsAfterItsHeader() {
        NeuronMap map = new NeuronMap();
        map.add(block(3, 0, 0, 2));
        ByteBuffer b = ByteBuffer.wrap(LiveWire.map(map.add(block(3, 1, 1, 2)))).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(LiveWire.MAP, b.get(0));
        assertEquals(2, b.getInt(4));
        assertEquals(10, b.getShort(8));
        assertEquals(3, b.getShort(12));
        assertEquals(3, b.getLong(16));
        assertEquals(101, b.getInt(LiveWire.MAP_HEADER + 4));
        assertEquals(1f, b.getFloat(LiveWire.MAP_HEADER + 8 + 4));
        assertEquals(2f, b.getFloat(LiveWire.MAP_HEADER + 16 + 4));
    }
}
