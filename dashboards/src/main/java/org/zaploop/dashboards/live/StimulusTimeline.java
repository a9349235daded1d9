package org.zaploop.dashboards.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.StimulusCommand;

/**
 * What the fish was shown: the controller's commands ({@code zl.stimulus.commands}) and what the rig reports it
 * presented ({@code zl.rig.events}: conditions, stimuli, acknowledgements), the newest {@code capacity} entries,
 * with the current condition and stimulus. Heartbeats, TTLs and clock fits are not stimuli and stay out. Reads and
 * writes no topic itself.
 */
public final class StimulusTimeline {

    private final int capacity;
    private final ArrayDeque<Map<String, Object>> entries = new ArrayDeque<>();
    private Integer condition;
    private String stimulus;

    public StimulusTimeline(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a command; returns its timeline entry. */
    public Map<String, Object> add(StimulusCommand c) {
        Map<String, Object> e = entry("command", c.issuedNs(), c.condition());
        e.put("stimulus", c.stimulus().name());
        e.put("params", c.params());
        e.put("seq", c.seq());
        e.put("policy", c.policy());
        e.put("untilNs", c.validUntilNs());
        return push(e, c.condition(), c.stimulus().name());
    }

    /** Adds a rig event that is about stimuli; returns its entry, or null for other kinds. */
    public Map<String, Object> add(RigEvent r) {
        if (r.kind() != RigEventKind.CONDITION && r.kind() != RigEventKind.STIMULUS
                && r.kind() != RigEventKind.COMMAND_ACK) {
            return null;
        }
        Map<String, Object> e = entry(r.kind().name().toLowerCase(), r.acquisitionNs(), r.condition());
        if (r.stimulus() != null) {
            e.put("stimulus", r.stimulus());
        }
        if (!r.params().isEmpty()) {
            e.put("params", r.params());
        }
        if (r.commandSeq() != null) {
            e.put("seq", r.commandSeq());
        }
        return push(e, r.condition(), r.kind() == RigEventKind.COMMAND_ACK ? null : r.stimulus());
    }

    private static Map<String, Object> entry(String kind, long tNs, Integer condition) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("kind", kind);
        e.put("tMs", tNs / 1_000_000);
        if (condition != null) {
            e.put("condition", condition);
        }
        return e;
    }

    private Map<String, Object> push(Map<String, Object> e, Integer newCondition, String newStimulus) {
        if (newCondition != null) {
            condition = newCondition;
        }
        if (newStimulus != null) {
            stimulus = newStimulus;
        }
        entries.addLast(e);
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
        return e;
    }

    public List<Map<String, Object>> entries() {
        return new ArrayList<>(entries);
    }

    /** The current condition (0..8), or null before any. */
    public Integer condition() {
        return condition;
    }

    /** The current stimulus name, or null before any. */
    public String stimulus() {
        return stimulus;
    }
}
