package org.zaploop.sim.model;

/**
 * One line of a {@link SensoryDrive}: while stimulus {@code stimulus} is shown, every neuron of
 * {@code population} receives {@code offsetPa + gainPa × params[parameter]} pA (with the
 * parameter taken as 1 when {@code parameter} is null or absent from the stimulus).
 */
public record DriveRule(String stimulus, String population, String parameter, double gainPa, double offsetPa) {

    public DriveRule {
        if (stimulus == null || stimulus.isBlank() || population == null || population.isBlank()) {
            throw new IllegalArgumentException("drive rule needs a stimulus and a population");
        }
        NeuronModel.finite("gainPa", gainPa);
        NeuronModel.finite("offsetPa", offsetPa);
    }
}
