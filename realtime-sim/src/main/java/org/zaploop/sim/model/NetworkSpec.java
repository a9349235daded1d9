package org.zaploop.sim.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Complete, immutable description of a network: time step, populations (laid out in this
 * order in the neuron index), projections between them, and optionally per-neuron positions
 * and region names (for rendering a virtual fish). Validated on construction.
 *
 * @param positionsUm per-neuron x, y, z in µm (length 3 × neurons), or null
 * @param regionNames names indexed by {@link Population#region()}; may be empty
 */
public record NetworkSpec(double dtMs, List<Population> populations, List<Projection> projections,
                          float[] positionsUm, List<String> regionNames) {

    public NetworkSpec {
        NeuronModel.positive("dtMs", dtMs);
        populations = List.copyOf(populations);
        projections = List.copyOf(projections);
        regionNames = List.copyOf(regionNames);
        if (populations.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one population");
        }
        Set<String> names = new HashSet<>();
        long total = 0;
        for (Population p : populations) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("duplicate population name '" + p.name() + "'");
            }
            if (!regionNames.isEmpty() && p.region() >= regionNames.size()) {
                throw new IllegalArgumentException("population '" + p.name() + "' region " + p.region()
                        + " has no name");
            }
            total += p.size();
        }
        if (total > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many neurons: " + total);
        }
        for (Projection pr : projections) {
            if (!names.contains(pr.source()) || !names.contains(pr.target())) {
                throw new IllegalArgumentException("projection " + pr.source() + " -> " + pr.target()
                        + " names an unknown population");
            }
        }
        if (positionsUm != null) {
            if (positionsUm.length != 3 * total) {
                throw new IllegalArgumentException("positions must hold 3 floats per neuron (" + 3 * total
                        + "), got " + positionsUm.length);
            }
            positionsUm = positionsUm.clone();
        }
    }

    public NetworkSpec(double dtMs, List<Population> populations, List<Projection> projections) {
        this(dtMs, populations, projections, null, List.of());
    }

    /** Total number of neurons. */
    public int neuronCount() {
        int n = 0;
        for (Population p : populations) {
            n += p.size();
        }
        return n;
    }

    /** A copy of the positions, or null. */
    @Override
    public float[] positionsUm() {
        return positionsUm == null ? null : positionsUm.clone();
    }

    /** Index of the named population, or throws. */
    public int populationIndex(String name) {
        for (int i = 0; i < populations.size(); i++) {
            if (populations.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no population named '" + name + "'");
    }
}
