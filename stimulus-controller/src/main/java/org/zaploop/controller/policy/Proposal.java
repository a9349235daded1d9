package org.zaploop.controller.policy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.Stimulus;

/**
 * What a policy would like the rig to present, before the safety envelope.
 *
 * @param stimulus      the stimulus
 * @param params        its parameters (finite numbers)
 * @param condition     ZAPBench condition index 0..8 it stands for, or null
 * @param inputs        the input records it rests on (for the audit trail), possibly empty
 * @param acquisitionNs acquisition time of the newest input used (for an open-loop policy: the tick's time)
 * @param note          why, in a few words (goes into the audit reason)
 */
public record Proposal(Stimulus stimulus, Map<String, Double> params, Integer condition, List<InputRef> inputs,
                       long acquisitionNs, String note) {

    public Proposal {
        if (stimulus == null) {
            throw new IllegalArgumentException("stimulus is required");
        }
        params = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(params == null ? Map.of() : params));
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        note = note == null ? "" : note;
    }

    /** Same stimulus, parameters and condition: presenting it again would change nothing. */
    public boolean samePresentation(Stimulus s, Map<String, Double> p, Integer c) {
        return stimulus == s && params.equals(p) && java.util.Objects.equals(condition, c);
    }
}
