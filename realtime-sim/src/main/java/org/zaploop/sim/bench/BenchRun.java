package org.zaploop.sim.bench;

/**
 * One benchmark run's figures (ours or Brian2's). Times in seconds, memory in bytes; ×RT is
 * simulated seconds per wall second of the loop alone.
 */
public record BenchRun(String simulator, String model, int neurons, long synapses, int threads, long seed,
                       double dtMs, double seconds, double buildSeconds, double loopSeconds,
                       double wallPerSimSecond, double realtimeFactor, double synapticEventsPerSecond,
                       long heapAfterBuildBytes, long engineBytes, double bytesPerSynapse, long peakRssBytes,
                       double rateHz, double rateExcHz, double rateInhHz, double meanIsiCv, long spikes) {
}
