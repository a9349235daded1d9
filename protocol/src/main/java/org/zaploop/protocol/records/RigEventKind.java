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
    SESSION_END,
    /**
     * The ingest gateway's current fit of the rig clock against the ZapLoop clock (ping/pong exchange):
     * {@code params} holds {@code offsetNs}, {@code driftPpm}, {@code rttNs} and {@code samples}.
     */
    CLOCK_SYNC,
    /**
     * A request that the online segmentation detect the session's nuclei again (from the next volumes, registered
     * against the running reference) and publish a new neuron-table version; written by
     * {@code zaploop segment --rerun} or by rig software. Recorded with the session, so a replay re-runs it too.
     */
    RESEGMENT
}
