package org.zaploop.ingest.recorder;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a restarted recorder must continue reading, per source ({@code topic/partition}): the offset of the
 * first record whose data is not yet durable in the archive, or the next offset to read if all of them are.
 *
 * <p>Records whose effect is done once handled (rig events, which the next commit makes durable; records of
 * other sessions; rejected records) only advance the position. Records whose data waits in a buffer are
 * pending until the archive's committed count passes their index: a plane or trace block until its frame is
 * below the committed frames, an ephys block until its last sample is below the committed samples, a
 * segmentation block until its version is written. Re-reading from the watermark after a crash replays exactly
 * the records whose data was lost, plus records the archive recognises as already stored. Plain Java; reads no
 * topic.
 */
final class OffsetLedger {

    /** What decides that a pending record's data is durable. */
    enum Cover {
        RAW_FRAME, TRACE_FRAME, EPHYS_SAMPLE, SEGMENTATION_VERSION, IMMEDIATE
    }

    private static final class Source {
        final Cover cover;
        long position;
        final TreeMap<Long, Long> pending = new TreeMap<>();

        Source(Cover cover, long position) {
            this.cover = cover;
            this.position = position;
        }
    }

    private final Map<String, Source> sources = new HashMap<>();

    /** Starts tracking {@code source} at offset {@code position} (the next offset to read). */
    void start(String source, Cover cover, long position) {
        sources.put(source, new Source(cover, position));
    }

    boolean tracks(String source) {
        return sources.containsKey(source);
    }

    /** A record whose effect is complete (or that was ignored): only the position moves. */
    void done(String source, long offset) {
        Source s = source(source);
        s.position = Math.max(s.position, offset + 1);
    }

    /** A record whose data stays pending until the archive's count passes {@code index}. */
    void pending(String source, long offset, long index) {
        Source s = source(source);
        s.position = Math.max(s.position, offset + 1);
        s.pending.merge(index, offset, Math::min);
    }

    /**
     * The watermarks given what is durable: volumes below {@code rawFrames}, trace frames below
     * {@code traceFrames}, samples below {@code ephysSamples}, segmentation versions up to {@code segVersion}.
     */
    Map<String, Long> positions(long rawFrames, long traceFrames, long ephysSamples, long segVersion) {
        Map<String, Long> out = new HashMap<>();
        for (Map.Entry<String, Source> e : sources.entrySet()) {
            Source s = e.getValue();
            long bound = switch (s.cover) {
                case RAW_FRAME -> rawFrames;
                case TRACE_FRAME -> traceFrames;
                case EPHYS_SAMPLE -> ephysSamples;
                case SEGMENTATION_VERSION -> segVersion == Long.MAX_VALUE ? segVersion : segVersion + 1;
                case IMMEDIATE -> Long.MAX_VALUE;
            };
            s.pending.headMap(bound).clear();
            long w = s.position;
            for (long off : s.pending.values()) {
                w = Math.min(w, off);
            }
            out.put(e.getKey(), w);
        }
        return out;
    }

    private Source source(String name) {
        Source s = sources.get(name);
        if (s == null) {
            throw new IllegalStateException("source " + name + " is not tracked");
        }
        return s;
    }
}
