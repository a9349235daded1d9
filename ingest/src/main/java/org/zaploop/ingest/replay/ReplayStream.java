package org.zaploop.ingest.replay;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a replay publishes: planes, ephys blocks, trace blocks, rig events. */
public enum ReplayStream {
    PLANES, EPHYS, TRACES, EVENTS;

    /** Parses {@code planes,ephys,traces,events} (any subset, any order). */
    public static Set<ReplayStream> parse(String list) {
        EnumSet<ReplayStream> s = EnumSet.noneOf(ReplayStream.class);
        for (String part : list.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            try {
                s.add(valueOf(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown stream '" + part.trim()
                        + "' (use planes, ephys, traces, events)");
            }
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("no stream given (use planes, ephys, traces, events)");
        }
        return s;
    }
}
