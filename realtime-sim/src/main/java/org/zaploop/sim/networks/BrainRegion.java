package org.zaploop.sim.networks;

import org.zaploop.sim.model.NeuronModel;

/**
 * An ellipsoidal brain region of the zebrafish-like network: share of all neurons, centre and
 * semi-axes in µm in the ZAPBench volume's frame (x rostral→caudal, y left→right, z dorsal→ventral),
 * and whether stimulus drive reaches it.
 */
public record BrainRegion(String name, double fraction, double cxUm, double cyUm, double czUm, double rxUm,
                          double ryUm, double rzUm, boolean sensory) {

    public BrainRegion {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("region name must not be blank");
        }
        NeuronModel.positive("fraction", fraction);
        NeuronModel.positive("rxUm", rxUm);
        NeuronModel.positive("ryUm", ryUm);
        NeuronModel.positive("rzUm", rzUm);
        double[][] box = {{cxUm, rxUm, ZebrafishNetwork.VOLUME_X_UM}, {cyUm, ryUm, ZebrafishNetwork.VOLUME_Y_UM},
            {czUm, rzUm, ZebrafishNetwork.VOLUME_Z_UM}};
        for (double[] b : box) {
            if (b[0] - b[1] < 0 || b[0] + b[1] > b[2]) {
                throw new IllegalArgumentException("region '" + name + "' leaves the imaged volume");
            }
        }
    }
}
