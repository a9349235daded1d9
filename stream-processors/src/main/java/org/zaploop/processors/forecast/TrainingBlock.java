package org.zaploop.processors.forecast;

import java.util.List;

/**
 * One neuron block's traces for fitting: {@code data[f * neurons + i]} for frames 0..frames−1, the condition of
 * each frame, and the frame ranges training windows may come from (the protocol's train splits; a window lies
 * wholly inside one range).
 *
 * @param data        [frames][neurons] ΔF/F
 * @param frames      frames in {@code data}
 * @param firstNeuron table index of neuron 0
 * @param neurons     neurons in the block
 * @param condition   condition per frame (−1 unknown), length frames
 * @param segments    training ranges {@code [from, to)}
 */
public record TrainingBlock(float[] data, int frames, int firstNeuron, int neurons, int[] condition,
                            List<ZapbenchProtocol.Range> segments) {

    public TrainingBlock {
        if ((long) frames * neurons > data.length || condition.length < frames) {
            throw new IllegalArgumentException("training data smaller than frames × neurons");
        }
        segments = List.copyOf(segments);
    }
}
