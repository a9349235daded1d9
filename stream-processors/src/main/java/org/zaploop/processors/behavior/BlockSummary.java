package org.zaploop.processors.behavior;

/**
 * What {@link SwimDetector#process} found in one block (mutable, reused by the caller).
 * Powers are standard deviations of the high-passed signal in the sliding window, in the signal's units (volts);
 * vigor is the excess power over both sides' noise floors, averaged over the swimming samples of the block.
 */
public final class BlockSummary {
    public double leftPower;
    public double rightPower;
    public double vigor;
    /** (right − left) / (right + left) of the excess power over the current (or just ended) bout; 0 outside bouts. */
    public double turnIndex;
    public boolean swimming;
    public boolean boutOnset;
    public long boutId = -1;
    /** Samples of the block for which the power was defined (the window had filled since the last reset). */
    public int validSamples;

    void clear() {
        leftPower = 0;
        rightPower = 0;
        vigor = 0;
        turnIndex = 0;
        swimming = false;
        boutOnset = false;
        validSamples = 0;
    }
}
