package org.zaploop.processors.behavior.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.processors.behavior.BoutListener;
import org.zaploop.processors.behavior.SwimConfig;
import org.zaploop.processors.behavior.TailBehavior;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.EphysBlock;

/**
 * Ephys block → {@link Behavior} for every session one processor instance sees: one {@link TailBehavior} per
 * session, created fresh or from a saved snapshot. Blocks without the tail channels (dense probes) are skipped and
 * counted; duplicates are dropped and gaps reset the filters, each counted and logged. Shared by the Streams
 * processor and the plain-consumer fast path, so both judge blocks alike. Reads and writes no topic.
 */
public final class TailBehaviors {

    private static final Logger LOG = LoggerFactory.getLogger(TailBehaviors.class);

    private final SwimConfig config;
    private final int maxChannels;
    private final BehaviorCounters counters;
    private final Function<String, byte[]> saved;
    private final Map<String, TailBehavior> sessions = new HashMap<>();
    private final BoutListener counting;

    /**
     * @param saved a session's saved {@link TailBehavior#snapshot}, or null: where a restarted processor resumes
     */
    public TailBehaviors(SwimConfig config, int maxChannels, BehaviorCounters counters,
                         Function<String, byte[]> saved) {
        this.config = config;
        this.maxChannels = maxChannels;
        this.counters = counters;
        this.saved = saved;
        this.counting = new BoutListener() {
            @Override
            public void onset(long boutId, long sample) {
                counters.bouts.incrementAndGet();
            }

            @Override
            public void offset(long boutId, long sample) {
            }
        };
    }

    /** The block's behaviour record, or null when the block is skipped (not a tail recording) or a duplicate. */
    public Behavior onBlock(EphysBlock b) {
        if (b.channels() > maxChannels || b.channels() <= config.maxChannel()) {
            counters.skippedLayout.incrementAndGet();
            return null;
        }
        counters.blocks.incrementAndGet();
        TailBehavior tb = sessions.get(b.session());
        if (tb == null) {
            byte[] s = saved.apply(b.session());
            tb = s == null ? new TailBehavior(config) : TailBehavior.restore(config, s);
            sessions.put(b.session(), tb);
        }
        long t0 = System.nanoTime();
        TailBehavior.Outcome o;
        try {
            o = tb.onBlock(b, counting);
        } catch (IllegalArgumentException e) {
            // the saved state does not fit this config: start afresh rather than stop the stream
            LOG.warn("behaviour state of session {} could not be used ({}); starting afresh", b.session(),
                    e.getMessage());
            tb = new TailBehavior(config);
            sessions.put(b.session(), tb);
            o = tb.onBlock(b, counting);
        }
        counters.processNs.addAndGet(System.nanoTime() - t0);
        switch (o.arrival()) {
            case DUPLICATE -> {
                counters.duplicates.incrementAndGet();
                LOG.warn("session {}: duplicate ephys block at sample {} ({} samples) dropped", b.session(),
                        b.firstSample(), b.samples());
                return null;
            }
            case OVERLAP -> {
                counters.overlaps.incrementAndGet();
                LOG.warn("session {}: ephys block at sample {} overlaps samples already seen; only new samples used",
                        b.session(), b.firstSample());
            }
            case GAP -> {
                counters.gaps.incrementAndGet();
                counters.missingSamples.addAndGet(o.missingSamples());
                LOG.warn("session {}: gap of {} ephys samples before sample {}; swim filters reset", b.session(),
                        o.missingSamples(), b.firstSample());
            }
            default -> {
            }
        }
        counters.published.incrementAndGet();
        return o.behavior();
    }

    /** The session's state to save, after {@link #onBlock} returned a record for it. */
    public byte[] snapshot(String session) {
        return sessions.get(session).snapshot();
    }

    public void clear() {
        sessions.clear();
    }
}
