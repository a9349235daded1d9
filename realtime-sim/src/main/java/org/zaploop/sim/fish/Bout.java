package org.zaploop.sim.fish;

/**
 * One swim bout of the virtual fish: ground truth for swim detection.
 *
 * @param onsetSample  index of the bout's first sample on the ephys clock
 * @param offsetSample index one past its last sample
 * @param vigor        0..1, scales burst amplitude
 * @param turn         −1 (all left) .. +1 (all right)
 */
public record Bout(long onsetSample, long offsetSample, double vigor, double turn) {
}
