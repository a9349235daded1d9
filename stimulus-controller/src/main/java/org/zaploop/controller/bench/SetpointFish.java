package org.zaploop.controller.bench;

/**
 * A fish on which {@code bench policy} compares the policies that hold a population's mean ΔF/F at a target: the PI
 * {@code setpoint} policy, the model-predictive {@code mpc} policy (which needs a digital twin of the fish) and the
 * {@code adaptive-search} bandit over the same stimulus intensities. Like {@link OptomotorFish}, the controller does
 * not import the virtual fish or the twin (module boundaries): the launcher, which has every module, provides one
 * through {@link java.util.ServiceLoader} ({@code META-INF/services/org.zaploop.controller.bench.SetpointFish}).
 */
public interface SetpointFish {

    /** The policies compared, by their names. */
    enum Controller { SETPOINT, MPC, BANDIT }

    /** What fish, population and stimulus this is, for the benchmark's table. */
    String description();

    /**
     * Runs a fresh fish from {@code seed} for {@code frames} frames under one policy holding the population's mean
     * at {@code target}; returns the RMS of (mean − target) over the frames after the first {@code settle}.
     */
    double trackingRms(Controller controller, long seed, int frames, int settle, double target);
}
