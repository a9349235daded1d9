package org.zaploop.ingest.clock;

/**
 * One ping/pong exchange: the gateway sent a ping at {@code t0}, the rig read its clock ({@code rigNs}) when it
 * answered, the answer arrived at {@code t1} (gateway clock). Assuming the two legs take equally long, the rig
 * read its clock at gateway time {@code (t0 + t1) / 2}, so its offset is {@code rigNs − (t0 + t1) / 2}, wrong
 * by at most half the round trip {@code t1 − t0}.
 *
 * @param t0Ns  gateway time the ping was sent
 * @param rigNs rig time in the pong
 * @param t1Ns  gateway time the pong arrived, ≥ t0Ns
 */
public record ClockSample(long t0Ns, long rigNs, long t1Ns) {

    public ClockSample {
        if (t1Ns < t0Ns) {
            throw new IllegalArgumentException("pong arrived before its ping: t0 " + t0Ns + ", t1 " + t1Ns);
        }
    }

    /** Gateway time at the middle of the exchange. */
    public long midNs() {
        return t0Ns + (t1Ns - t0Ns) / 2;
    }

    /** Rig clock minus gateway clock at {@link #midNs()}. */
    public long offsetNs() {
        return rigNs - midNs();
    }

    public long rttNs() {
        return t1Ns - t0Ns;
    }
}
