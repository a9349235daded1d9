package org.zaploop.sim.fish;

import java.util.Map;

/**
 * A stimulus command as the virtual fish receives it (from {@code zl.stimulus.commands} or a test).
 *
 * @param seq          the controller's sequence number; a repeated or older one is dropped
 * @param stimulus     stimulus name
 * @param params       stimulus parameters
 * @param condition    ZAPBench condition index, −1 if none
 * @param validFromNs  not before this time (session clock, ns)
 * @param validUntilNs not after this time: once it passes without a newer command the fish returns to the safe state
 */
public record FishCommand(long seq, String stimulus, Map<String, Double> params, int condition, long validFromNs,
                          long validUntilNs) {

    public FishCommand {
        params = Map.copyOf(params);
        if (validUntilNs <= validFromNs) {
            throw new IllegalArgumentException("command " + seq + " has an empty validity window");
        }
    }
}
