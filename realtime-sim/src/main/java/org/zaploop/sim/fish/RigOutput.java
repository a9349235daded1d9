package org.zaploop.sim.fish;

import java.util.Map;

/**
 * Where the virtual fish's data goes: Kafka for a live run, a session archive for an export, a test's lists.
 * Arrays passed in are the fish's buffers: copy what you keep.
 */
public interface RigOutput {

    /** One acquired z-plane (uint16 in short, x fastest). */
    void plane(long frame, int z, long acquisitionNs, short[] pixels);

    /** A block of ephys, {@link EphysLayout#CHANNELS} channels interleaved sample-major. */
    void ephys(long firstSample, long acquisitionNs, float[] data, int samples);

    /**
     * What the rig now presents.
     *
     * @param commandSeq sequence number of the command that asked for it, −1 when the rig decided itself
     */
    void presented(String stimulus, Map<String, Double> params, int condition, long acquisitionNs, long commandSeq, String note);

    /**
     * Whether this output takes planes at all. Rendering planes is most of the fish's cost, so an export of traces
     * and ground truth only (long sessions for forecasting) answers false and the fish skips it.
     */
    default boolean wantsPlanes() {
        return true;
    }

    /** Ground truth at the end of each volume. */
    default void groundTruth(FrameTruth truth) {
    }
}
