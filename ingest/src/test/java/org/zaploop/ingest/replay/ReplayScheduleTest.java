package org.zaploop.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReplayScheduleTest {

    static List<ReplaySchedule.Item> all(ReplaySchedule s) {
        List<ReplaySchedule.Item> out = new ArrayList<>();
        s.forEachRemaining(out::add);
        return out;
    }

    @Test
    void piecesComeInTimeOrderAtTheirNominalTimes() {
        ReplaySchedule.Layout l = new ReplaySchedule.Layout(0.5, 4, 3, 3, 1500, 1000, 0, 100,
                List.of(-10L, 0L, 700_000_000L));
        List<ReplaySchedule.Item> items = all(new ReplaySchedule(l, 0, Double.POSITIVE_INFINITY));
        long last = Long.MIN_VALUE;
        for (ReplaySchedule.Item it : items) {
            assertTrue(it.timeNs() >= last, "time order");
            last = it.timeNs();
        }
        assertEquals(ReplaySchedule.Kind.EVENT, items.get(0).kind(), "an event before volume 0 is kept at from 0");
        List<ReplaySchedule.Item> planes = items.stream().filter(i -> i.kind() == ReplaySchedule.Kind.PLANE).toList();
        assertEquals(12, planes.size());
        assertEquals(new ReplaySchedule.Item(ReplaySchedule.Kind.PLANE, 625_000_000L, 1, 1), planes.get(5));
        assertEquals(3, items.stream().filter(i -> i.kind() == ReplaySchedule.Kind.TRACES).count());
        List<ReplaySchedule.Item> ephys = items.stream().filter(i -> i.kind() == ReplaySchedule.Kind.EPHYS).toList();
        assertEquals(15, ephys.size());
        assertEquals(new ReplaySchedule.Item(ReplaySchedule.Kind.EPHYS, 1_400_000_000L, 1400, 100), ephys.get(14));
        assertEquals(3, new ReplaySchedule(l, 0, Double.POSITIVE_INFINITY).frames());
    }

    @Test
    void aRangeTakesWholeVolumesAndTheSamplesInIt() {
        ReplaySchedule.Layout l = new ReplaySchedule.Layout(0.5, 2, 10, 0, 10_000, 1000, 250_000_000L, 64,
                List.of(100_000_000L, 1_200_000_000L, 3_000_000_000L));
        ReplaySchedule s = new ReplaySchedule(l, 1.2, 2.0);
        assertEquals(3, s.firstFrame(), "the first volume starting at or after 1.2 s");
        assertEquals(1, s.frames());
        assertEquals(950, s.firstSample());
        List<ReplaySchedule.Item> items = all(s);
        assertEquals(2, items.stream().filter(i -> i.kind() == ReplaySchedule.Kind.PLANE).count());
        assertEquals(List.of(1L), items.stream().filter(i -> i.kind() == ReplaySchedule.Kind.EVENT)
                .map(ReplaySchedule.Item::index).toList());
        List<ReplaySchedule.Item> ephys = items.stream().filter(i -> i.kind() == ReplaySchedule.Kind.EPHYS).toList();
        assertEquals(950, ephys.get(0).index());
        assertEquals(10, ephys.get(0).sub(), "blocks align to multiples of the block size");
        assertEquals(1750, ephys.get(ephys.size() - 1).index() + ephys.get(ephys.size() - 1).sub());
    }

    @Test
    void ephysRunsSkipGaps() {
        float n = Float.NaN;
        float[] d = {1, 2, n, n, 3, 4, 5, 6, n, 7, 8, 9};
        assertEquals(List.of(new EphysRuns.Run(0, 1), new EphysRuns.Run(2, 2), new EphysRuns.Run(5, 1)),
                EphysRuns.finiteRuns(d, 2, 6));
    }

    @Test
    void progressLines() {
        ProgressMeter pipe = new ProgressMeter(200, 0.9141, false, 0);
        String l = pipe.line(50, 10_000_000_000L);
        assertEquals("replay 50/200 frames  25%  5.0 frames/s  4.6x real time  ETA 0:30\n", l);
        assertEquals(null, pipe.line(60, 12_000_000_000L), "a line every 5 s when not a terminal");
        ProgressMeter tty = new ProgressMeter(0, 0.5, true, 0);
        assertTrue(tty.line(10, 1_000_000_000L).endsWith("\r"));
        assertEquals("replay 10/? frames  10.0 frames/s  5.0x real time  elapsed 0:01\n", tty.last(10, 1_000_000_000L));
    }

    @Test
    void speedsAndStreamsParse() {
        assertEquals(Double.POSITIVE_INFINITY, ReplayCommand.parseSpeed("max"));
        assertEquals(10.0, ReplayCommand.parseSpeed("10x"));
        assertEquals(java.util.EnumSet.of(ReplayStream.TRACES, ReplayStream.EVENTS),
                ReplayStream.parse("traces, events"));
    }
}
