package org.zaploop.processors.forecast;

/**
 * A forecaster of neural activity: from the last C frames of a block of neurons, the next H frames.
 * Over primitive arrays, caller-owned: the context is one array per frame ({@code frames[from + c]} = frame
 * t−C+1+c, oldest first; the online window and the offline evaluator hand over their own frame arrays, no copy),
 * the forecast one {@code [H][neurons]} array (frame t+1 first). One array per frame keeps every inner loop
 * indexed by the neuron alone, the form C2 auto-vectorises on JDK 17 (an invariant row offset defeats it).
 * Implementations keep scratch buffers and are not thread-safe: use one instance per thread. Reads and writes no
 * topic or store.
 *
 * <p>Some forecasters learn: {@link #fit} is called once per neuron block with the training part under the
 * protocol, then {@link #finishFit} once; {@link #observe} is told of every frame that arrives online.
 */
public interface Forecaster {

    /** Name, also the metric tag and the {@code forecaster} field of ForecastBlock ({@code [A-Za-z0-9_.-]}). */
    String name();

    /** Frames of context C. */
    int context();

    /** Steps forecast H. */
    int horizon();

    /** Learns from one neuron block's training data (no-op for forecasters that do not learn). */
    default void fit(TrainingBlock data) {
    }

    /** Called once after every block was given to {@link #fit}. */
    default void finishFit() {
    }

    /**
     * Learns online from a frame that just arrived: {@code frame[offset .. offset + neurons)} are the values of
     * neurons {@code firstNeuron ..} at that frame, shown under {@code condition} (−1 unknown).
     */
    default void observe(int firstNeuron, int neurons, float[] frame, int offset, int condition) {
    }

    /**
     * Whether what {@link #observe} learns is about particular neurons (kept per block), so that an online
     * processor gives each session its own instance: neuron 5 of one fish is not neuron 5 of another, and a replay
     * running beside a live session must not average their responses. False for forecasters that learn nothing
     * online or learn one model shared by all neurons.
     */
    default boolean learnsPerNeuron() {
        return false;
    }

    /**
     * What {@link #observe} learned about one block since this was last asked, as bytes to keep in a changelogged
     * store (a restarted processor continues with {@link #restoreBlockState}); null when nothing changed or the
     * forecaster learns nothing per block.
     */
    default byte[] changedBlockState(int firstNeuron) {
        return null;
    }

    /** Continues from a {@link #changedBlockState} saved before a restart. */
    default void restoreBlockState(int firstNeuron, byte[] state) {
    }

    /**
     * Forecasts frames t+1..t+H.
     *
     * @param frames           context, {@code frames[from + c][i]} = neuron i at frame t−C+1+c, c = 0..C−1
     * @param from             index in {@code frames} of the oldest context frame
     * @param firstNeuron      table index of neuron 0 of the block (for forecasters with per-neuron state)
     * @param neurons          neurons in the block
     * @param targetConditions condition shown at each target frame t+1+h, length ≥ H; −1 = unknown
     * @param out              receives {@code out[h * neurons + i]}, length ≥ H × neurons
     */
    void forecast(float[][] frames, int from, int firstNeuron, int neurons, int[] targetConditions, float[] out);
}
