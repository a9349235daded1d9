package org.zaploop.ingest.recorder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.ArchiveNote;
import org.zaploop.protocol.archive.NeuronTable;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.RigEvent;

/** Array-by-array comparison of two session archives. */
public final class ArchiveAssert {

    private ArchiveAssert() {
    }

    /** raw, traces, ephys equal bit for bit (NaN included); meta equal apart from the session id and start times. */
    public static void sameArrays(SessionArchive x, SessionArchive y) throws IOException {
        ArchiveMeta mx = x.meta();
        ArchiveMeta my = y.meta();
        assertEquals(mx.withSessionId("s").withStartTimes(-1, -1), my.withSessionId("s").withStartTimes(-1, -1),
                "meta");
        assertEquals(x.commit().rawFrames(), y.commit().rawFrames(), "raw frames");
        assertEquals(x.commit().traceFrames(), y.commit().traceFrames(), "trace frames");
        assertEquals(x.commit().ephysSamples(), y.commit().ephysSamples(), "ephys samples");
        short[] p = new short[mx.planePixels()];
        short[] q = new short[mx.planePixels()];
        for (long f = 0; f < x.commit().rawFrames(); f++) {
            for (int z = 0; z < mx.depth(); z++) {
                x.readPlane(f, z, p);
                y.readPlane(f, z, q);
                assertArrayEquals(p, q, "raw frame " + f + " plane " + z);
            }
        }
        if (mx.neurons() > 0) {
            int t = (int) x.commit().traceFrames();
            float[] a = new float[t * mx.neurons()];
            float[] b = new float[t * mx.neurons()];
            x.readTraces(0, t, 0, mx.neurons(), a);
            y.readTraces(0, t, 0, mx.neurons(), b);
            assertBits(a, b, "traces");
        }
        if (mx.ephysChannels() > 0) {
            int s = (int) x.commit().ephysSamples();
            float[] a = new float[s * mx.ephysChannels()];
            float[] b = new float[s * mx.ephysChannels()];
            x.readEphys(0, s, a);
            y.readEphys(0, s, b);
            assertBits(a, b, "ephys");
        }
        Optional<NeuronTable> tx = x.neuronTable();
        assertEquals(tx, y.neuronTable(), "neuron table");
    }

    /** Rig events equal in order; notes equal as sets. */
    public static void sameEvents(SessionArchive x, SessionArchive y) throws IOException {
        assertEquals(x.rigEvents(), y.rigEvents(), "rig events");
        assertEquals(sorted(x.notes()), sorted(y.notes()), "notes (in any order, none twice)");
    }

    /** Rig events equal apart from session id and clock (times relative to the first event). */
    public static void sameEventsApartFromSessionAndClock(List<RigEvent> a, List<RigEvent> b) {
        assertEquals(a.size(), b.size(), "event count");
        for (int i = 0; i < a.size(); i++) {
            RigEvent e = a.get(i);
            RigEvent f = b.get(i);
            assertEquals(e.kind(), f.kind(), "event " + i);
            assertEquals(e.frame(), f.frame(), "event " + i);
            assertEquals(e.condition(), f.condition(), "event " + i);
            assertEquals(e.stimulus(), f.stimulus(), "event " + i);
            assertEquals(e.params(), f.params(), "event " + i);
            assertEquals(e.commandSeq(), f.commandSeq(), "event " + i);
            assertEquals(e.note(), f.note(), "event " + i);
        }
    }

    public static void sameNotesApartFromClock(List<ArchiveNote> a, List<ArchiveNote> b) {
        assertEquals(a.size(), b.size(), "note count");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).kind(), b.get(i).kind());
            assertEquals(a.get(i).first(), b.get(i).first());
            assertEquals(a.get(i).count(), b.get(i).count());
        }
    }

    private static List<ArchiveNote> sorted(List<ArchiveNote> n) {
        return n.stream().sorted(java.util.Comparator.comparing(ArchiveNote::kind)
                .thenComparingLong(ArchiveNote::first)).toList();
    }

    static void assertBits(float[] a, float[] b, String what) {
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
                assertEquals(a[i], b[i], what + " element " + i);
            }
        }
    }
}
