package org.zaploop.launcher.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.ArchiveNote;
import org.zaploop.protocol.archive.SessionArchive;

/**
 * Compares two session archives of the same session array by array: raw planes, traces and ephys bit for bit
 * (NaN included), the neuron table, the rig events in order, the notes as sets, and the metadata apart from start
 * times. Reads both archives; writes nothing. Returns the differences in words, none when they are identical.
 */
final class ArchiveComparison {

    private ArchiveComparison() {
    }

    static List<String> differences(SessionArchive x, SessionArchive y) throws IOException {
        List<String> d = new ArrayList<>();
        ArchiveMeta mx = x.meta();
        ArchiveMeta my = y.meta();
        if (!mx.withStartTimes(-1, -1).equals(my.withStartTimes(-1, -1))) {
            d.add("metadata differs: " + mx + " vs " + my);
            return d;
        }
        same(d, "raw frames", x.commit().rawFrames(), y.commit().rawFrames());
        same(d, "trace frames", x.commit().traceFrames(), y.commit().traceFrames());
        same(d, "ephys samples", x.commit().ephysSamples(), y.commit().ephysSamples());
        if (!d.isEmpty()) {
            return d;
        }
        short[] p = new short[mx.planePixels()];
        short[] q = new short[mx.planePixels()];
        for (long f = 0; f < x.commit().rawFrames(); f++) {
            for (int z = 0; z < mx.depth(); z++) {
                x.readPlane(f, z, p);
                y.readPlane(f, z, q);
                if (!java.util.Arrays.equals(p, q)) {
                    d.add("raw frame " + f + " plane " + z + " differs");
                }
            }
        }
        if (mx.neurons() > 0 && x.commit().traceFrames() > 0) {
            int t = (int) x.commit().traceFrames();
            float[] a = new float[t * mx.neurons()];
            float[] b = new float[t * mx.neurons()];
            x.readTraces(0, t, 0, mx.neurons(), a);
            y.readTraces(0, t, 0, mx.neurons(), b);
            bits(d, "traces", a, b);
        }
        if (mx.ephysChannels() > 0 && x.commit().ephysSamples() > 0) {
            int s = (int) x.commit().ephysSamples();
            float[] a = new float[s * mx.ephysChannels()];
            float[] b = new float[s * mx.ephysChannels()];
            x.readEphys(0, s, a);
            y.readEphys(0, s, b);
            bits(d, "ephys", a, b);
        }
        if (!Objects.equals(x.neuronTable(), y.neuronTable())) {
            d.add("neuron tables differ");
        }
        if (!x.rigEvents().equals(y.rigEvents())) {
            d.add("rig events differ: " + x.rigEvents().size() + " vs " + y.rigEvents().size());
        }
        if (!sorted(x.notes()).equals(sorted(y.notes()))) {
            d.add("notes differ: " + x.notes().size() + " vs " + y.notes().size());
        }
        return d;
    }

    private static void same(List<String> d, String what, long a, long b) {
        if (a != b) {
            d.add(what + ": " + a + " vs " + b);
        }
    }

    /** Element-wise bit equality; the first differing element is named. */
    private static void bits(List<String> d, String what, float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
                d.add(what + " differ from element " + i + ": " + a[i] + " vs " + b[i]);
                return;
            }
        }
    }

    private static List<ArchiveNote> sorted(List<ArchiveNote> n) {
        return n.stream().sorted(Comparator.comparing(ArchiveNote::kind).thenComparingLong(ArchiveNote::first)).toList();
    }
}
