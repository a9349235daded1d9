package org.zaploop.sim.model;

import java.util.List;
import java.util.Map;

/**
 * Maps a presented stimulus (name + numeric parameters, as on {@code zl.stimulus.commands})
 * to a constant current into named sensory populations. Pure function; the engine applies the
 * result as each population's bias current.
 */
public record SensoryDrive(List<DriveRule> rules) {

    public SensoryDrive {
        rules = List.copyOf(rules);
    }

    /**
     * The bias current in pA for each population of {@code spec} while {@code stimulus} is
     * shown (0 for populations no rule names; null stimulus means none shown).
     */
    public double[] currents(NetworkSpec spec, String stimulus, Map<String, Double> params) {
        double[] out = new double[spec.populations().size()];
        if (stimulus == null) {
            return out;
        }
        for (DriveRule r : rules) {
            if (!r.stimulus().equals(stimulus)) {
                continue;
            }
            double x = 1.0;
            if (r.parameter() != null && params != null && params.containsKey(r.parameter())) {
                x = params.get(r.parameter());
            }
            out[spec.populationIndex(r.population())] += r.offsetPa() + r.gainPa() * x;
        }
        return out;
    }
}
