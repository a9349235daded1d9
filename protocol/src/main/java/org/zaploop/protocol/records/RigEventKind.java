package org.zaploop.protocol.records;

/** What a {@link RigEvent} reports ({@code zl.rig.events}). */
public enum RigEventKind {
    /** The rig switched to another experimental condition ({@code condition} set). */
    CONDITION,
    /** The rig presented a stimulus ({@code stimulus}, {@code params} set). */
    STIMULUS,
    /** A TTL edge was seen or sent (camera trigger, laser gate). */
    TTL,
    /** The rig is alive; sent periodically so silence is detectable. */
    HEARTBEAT,
    /** The rig applied a stimulus command ({@code commandSeq} set). */
    COMMAND_ACK,
    SESSION_START,
    SESSION_END
}
