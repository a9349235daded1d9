package org.zaploop.sim.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.TraceBlock;

class FrameAssemblerTest {

    private static TraceBlock block(long frame, int block, float value) {
        return new TraceBlock("s", frame, block, block * 3, 1000 + frame, false, new float[] {value, value, value}, null);
    }

    @Test
    void putsBlocksBackTogetherInFrameOrderAndHandsOnAFrameThatLostABlock() {
        FrameAssembler a = new FrameAssembler(6);
        List<String> seen = new ArrayList<>();
        a.add(block(0, 1, 2f), f -> seen.add("early"));
        a.add(block(1, 0, 3f), f -> seen.add("early"));
        a.add(block(0, 0, 1f), f -> {
            assertTrue(f.complete());
            assertEquals(1f, f.dff()[0]);
            assertEquals(2f, f.dff()[5]);
            seen.add("0");
        });
        assertEquals(List.of("0"), seen);
        // frame 1 never gets block 1; once frame 3 starts it is handed on with NaN where the block was missing
        a.add(block(2, 0, 5f), f -> seen.add("wrong"));
        a.add(block(3, 0, 6f), f -> {
            seen.add(String.valueOf(f.frame()));
            if (f.frame() == 1) {
                assertFalse(f.complete());
                assertTrue(Float.isNaN(f.dff()[3]));
                assertEquals(3f, f.dff()[0]);
            }
        });
        assertEquals(List.of("0", "1"), seen);
        assertEquals(1, a.incomplete());
        a.add(block(1, 1, 9f), f -> seen.add("late"));
        assertEquals(1, a.late());
        assertThrows(IllegalArgumentException.class, () -> a.add(block(4, 2, 0f), f -> { }));
    }
}
