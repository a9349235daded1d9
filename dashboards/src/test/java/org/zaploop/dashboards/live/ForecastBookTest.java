package org.zaploop.dashboards.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.ForecastBlock;

class ForecastBookTest {

    /** Two steps for neurons first, first+1: values [step][neuron]. */
    private static ForecastBlock block(long frame, int block, int first, float... values) {
        return new ForecastBlock("s", "linear", frame, block, first, 2, 4, 2, 0, values);
    }

    @Test
    void aSelectionAcrossBlocksGetsItsMeanForecastOnceEveryBlockForecastTheSameFrame() {
        ForecastBook book = new ForecastBook();
        book.add(block(7, 0, 0, 1, 2, 3, 4));
        int[] selection = {1, 2};
        assertNull(book.fan("linear", selection), "neuron 2's block has no forecast yet");
        book.add(block(6, 1, 2, 10, 20, 30, 40));
        assertNull(book.fan("linear", selection), "blocks forecast different frames");
        book.add(block(7, 1, 2, 10, 20, 30, 40));
        ForecastBook.Fan fan = book.fan("linear", selection);
        assertEquals(7, fan.frame());
        assertArrayEquals(new float[] {(2 + 10) / 2f, (4 + 30) / 2f}, fan.values());
        assertNull(book.fan("other", selection));
    }
}
