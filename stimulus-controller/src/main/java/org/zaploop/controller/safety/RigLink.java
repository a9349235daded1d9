package org.zaploop.controller.safety;

/**
 * Whether the rig is still listening. The rig shows it is alive with {@code COMMAND_ACK} (one per applied
 * command) and {@code HEARTBEAT} events on {@code zl.rig.events}; the adapter passes their arrival here. The rig is
 * <em>lost</em> when a command has gone unanswered for longer than {@code rigTimeoutMs}, or when a rig that has
 * sent heartbeats falls silent for that long. A rig that only acknowledges commands (the virtual fish) is not
 * expected to speak while nothing is sent, so an idle controller does not trip it. Not thread-safe (the decision
 * loop serialises calls). Reads and writes no topic.
 */
public final class RigLink {

    private final long timeoutNs;
    private long lastContactNs = Long.MIN_VALUE;
    private boolean heartbeats;
    private long firstUnansweredNs = Long.MIN_VALUE;

    public RigLink(long timeoutMs) {
        this.timeoutNs = timeoutMs * 1_000_000L;
    }

    /** A COMMAND_ACK arrived (on the controller's clock). */
    public void ack(long nowNs) {
        lastContactNs = Math.max(lastContactNs, nowNs);
        firstUnansweredNs = Long.MIN_VALUE;
    }

    /** A HEARTBEAT arrived: from now on silence alone counts. */
    public void heartbeat(long nowNs) {
        heartbeats = true;
        ack(nowNs);
    }

    /** A command went out: the rig should answer it. */
    public void sent(long nowNs) {
        if (firstUnansweredNs == Long.MIN_VALUE) {
            firstUnansweredNs = nowNs;
        }
    }

    /** Why the rig counts as lost at {@code nowNs}, or null while it is fine. */
    public String lostReason(long nowNs) {
        if (firstUnansweredNs != Long.MIN_VALUE && nowNs - firstUnansweredNs > timeoutNs) {
            return "no COMMAND_ACK or HEARTBEAT from the rig for " + (nowNs - firstUnansweredNs) / 1_000_000
                    + " ms after a command, limit " + timeoutNs / 1_000_000 + " ms";
        }
        if (heartbeats && nowNs - lastContactNs > timeoutNs) {
            return "the rig's heartbeat stopped " + (nowNs - lastContactNs) / 1_000_000 + " ms ago, limit "
                    + timeoutNs / 1_000_000 + " ms";
        }
        return null;
    }
}
