package org.zaploop.protocol.records;

import java.util.Map;

import org.zaploop.protocol.Names;

/**
 * Something the rig actually did or saw: condition change, stimulus presented, TTL, heartbeat, command
 * acknowledgement, session start and end. Travels on {@code zl.rig.events}, key {@code session}, as JSON.
 *
 * @param session       session id
 * @param acquisitionNs when it happened on the rig, ns since the Unix epoch (ZapLoop clock)
 * @param kind          what happened
 * @param frame         volume index at the time, if known
 * @param condition     ZAPBench condition index 0..8, if known
 * @param stimulus      name of the presented stimulus as the rig calls it (free text, at most 4096 chars)
 * @param params        stimulus parameters, finite values only (sorted, unmodifiable)
 * @param commandSeq    sequence number of the acknowledged command ({@link RigEventKind#COMMAND_ACK})
 * @param note          free text
 */
public record RigEvent(String session, long acquisitionNs, RigEventKind kind, Long frame, Integer condition,
                       String stimulus, Map<String, Double> params, Long commandSeq, String note) {

    public RigEvent {
        Names.requireSession(session);
        Check.atLeast("acquisitionNs", acquisitionNs, 0);
        Check.notNull("kind", kind);
        if (frame != null) {
            Check.atLeast("frame", frame, 0);
        }
        Check.condition("condition", condition);
        Check.optText("stimulus", stimulus, Limits.MAX_TEXT_CHARS);
        params = Check.params("params", params == null ? Map.of() : params);
        if (commandSeq != null) {
            Check.atLeast("commandSeq", commandSeq, 0);
        }
        if (kind == RigEventKind.COMMAND_ACK && commandSeq == null) {
            throw new IllegalArgumentException("field 'commandSeq' is required for COMMAND_ACK");
        }
        Check.optText("note", note, Limits.MAX_TEXT_CHARS);
    }

    /** An event with only the required fields set. */
    public static RigEvent of(String session, long acquisitionNs, RigEventKind kind) {
        return new RigEvent(session, acquisitionNs, kind, null, null, null, Map.of(), null, null);
    }
}
