package org.zaploop.processors.forecast;

/**
 * A forecaster with a few candidate settings (e.g. ridge strengths) to choose among after its fit, by the
 * evaluator on the protocol's validation split. Reads and writes no topic or store.
 */
public interface Tunable extends Forecaster {

    /** Number of candidate settings. */
    int candidates();

    /**
     * Switches to candidate {@code i} (0 ≤ i < candidates), or back to the setting it was built with (−1),
     * refitting from what {@link #fit} accumulated.
     */
    void choose(int i);

    /**
     * Whether each step ahead is a separate fit (a row of a linear map), so that each may take its own candidate:
     * then the evaluator calls {@link #chooseByStep} with the candidate that scored best at each step.
     */
    default boolean stepsAreSeparate() {
        return false;
    }

    /**
     * Step h takes candidate {@code candidate[h]} (−1 = as built); only when {@link #stepsAreSeparate}.
     */
    default void chooseByStep(int[] candidate) {
        throw new UnsupportedOperationException(name() + " chooses one setting for all steps");
    }

    /** The current setting, in words (for the bench's output). */
    String setting();
}
