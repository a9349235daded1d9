package org.zaploop.ingest.replay;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * When each piece of an archive goes out, in session time (ns after volume 0 began): plane z of volume f at
 * {@code (f + z/depth)·period}, the trace frame f at {@code f·period}, the ephys block starting at sample s at
 * {@code ephysOffset + s/rate}, each rig event at its own time. Only what falls in {@code [from, to)} is
 * scheduled (whole volumes: a volume is in if its start is). The items come out merged in time order (ties:
 * events, planes, traces, ephys). Plain Java; reads nothing.
 */
public final class ReplaySchedule implements Iterator<ReplaySchedule.Item> {

    /** What to send. */
    public enum Kind { EVENT, PLANE, TRACES, EPHYS }

    /**
     * One piece: {@code index} is the event's position in the list, the volume (planes, traces) or the first
     * sample (ephys); {@code sub} is the plane z or the number of samples.
     */
    public record Item(Kind kind, long timeNs, long index, int sub) {
    }

    /**
     * What the archive holds and how it was timed.
     *
     * @param periodS        seconds per volume
     * @param depth          planes per volume
     * @param rawFrames      volumes of planes (0 = none to send)
     * @param traceFrames    frames of traces (0 = none)
     * @param ephysSamples   samples of ephys (0 = none)
     * @param rateHz         ephys samples per second
     * @param ephysOffsetNs  time of sample 0 after volume 0's start
     * @param blockSamples   samples per ephys block
     * @param eventTimesNs   rig event times after volume 0's start (ascending as stored; may be negative)
     */
    public record Layout(double periodS, int depth, long rawFrames, long traceFrames, long ephysSamples, double rateHz,
                         long ephysOffsetNs, int blockSamples, List<Long> eventTimesNs) {
    }

    private final Layout l;
    private final long fromNs;
    private final long toNs;
    private long planeFrame;
    private int planeZ;
    private final long planeEnd;
    private long traceFrame;
    private final long traceEnd;
    private long sample;
    private final long sampleEnd;
    private int event;

    public ReplaySchedule(Layout layout, double fromS, double toS) {
        this.l = layout;
        this.fromNs = Math.round(fromS * 1e9);
        this.toNs = Double.isInfinite(toS) ? Long.MAX_VALUE : Math.round(toS * 1e9);
        long f0 = firstFrame(layout.periodS(), fromS);
        long f1 = Double.isInfinite(toS) ? Long.MAX_VALUE : firstFrame(layout.periodS(), toS);
        this.planeFrame = f0;
        this.planeEnd = Math.min(layout.rawFrames(), f1);
        this.traceFrame = f0;
        this.traceEnd = Math.min(layout.traceFrames(), f1);
        if (layout.ephysSamples() > 0) {
            this.sample = Math.max(0, (long) Math.ceil((fromNs - layout.ephysOffsetNs()) * layout.rateHz() / 1e9 - 1e-9));
            long s1 = Double.isInfinite(toS) ? Long.MAX_VALUE
                    : Math.max(0, (long) Math.ceil((toNs - layout.ephysOffsetNs()) * layout.rateHz() / 1e9 - 1e-9));
            this.sampleEnd = Math.min(layout.ephysSamples(), s1);
        } else {
            this.sampleEnd = 0;
        }
        while (event < layout.eventTimesNs().size() && layout.eventTimesNs().get(event) < fromNs) {
            event++;
        }
    }

    /** The first volume whose start is at or after {@code s} seconds. */
    public static long firstFrame(double periodS, double s) {
        return Math.max(0, (long) Math.ceil(s / periodS - 1e-9));
    }

    /** First volume scheduled (frames of the replay count from here). */
    public long firstFrame() {
        return Math.min(planeFrame, traceFrame);
    }

    /** Volumes in the range: the larger of the plane and trace counts. */
    public long frames() {
        long start = firstFrame();
        return Math.max(Math.max(0, planeEnd - start), Math.max(0, traceEnd - start));
    }

    /** End (exclusive) of the ephys samples scheduled. */
    public long sampleEnd() {
        return sampleEnd;
    }

    /** First ephys sample scheduled. */
    public long firstSample() {
        return sample;
    }

    private long planeTime() {
        return planeFrame < planeEnd
                ? Math.round((planeFrame + (double) planeZ / l.depth()) * l.periodS() * 1e9) : Long.MAX_VALUE;
    }

    private long traceTime() {
        return traceFrame < traceEnd ? Math.round(traceFrame * l.periodS() * 1e9) : Long.MAX_VALUE;
    }

    private long ephysTime() {
        return sample < sampleEnd ? l.ephysOffsetNs() + Math.round(sample / l.rateHz() * 1e9) : Long.MAX_VALUE;
    }

    private long eventTime() {
        if (event < l.eventTimesNs().size()) {
            long t = l.eventTimesNs().get(event);
            return t < toNs ? t : Long.MAX_VALUE;
        }
        return Long.MAX_VALUE;
    }

    @Override
    public boolean hasNext() {
        return planeTime() != Long.MAX_VALUE || traceTime() != Long.MAX_VALUE || ephysTime() != Long.MAX_VALUE
                || eventTime() != Long.MAX_VALUE;
    }

    @Override
    public Item next() {
        long te = eventTime();
        long tp = planeTime();
        long tt = traceTime();
        long tx = ephysTime();
        long min = Math.min(Math.min(te, tp), Math.min(tt, tx));
        if (min == Long.MAX_VALUE) {
            throw new NoSuchElementException();
        }
        if (te == min) {
            return new Item(Kind.EVENT, te, event++, 0);
        }
        if (tp == min) {
            Item it = new Item(Kind.PLANE, tp, planeFrame, planeZ);
            if (++planeZ == l.depth()) {
                planeZ = 0;
                planeFrame++;
            }
            return it;
        }
        if (tt == min) {
            return new Item(Kind.TRACES, tt, traceFrame++, 0);
        }
        int n = (int) Math.min(l.blockSamples() - Math.floorMod(sample, l.blockSamples()), sampleEnd - sample);
        Item it = new Item(Kind.EPHYS, tx, sample, n);
        sample += n;
        return it;
    }
}
