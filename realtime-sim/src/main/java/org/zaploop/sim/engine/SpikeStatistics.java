package org.zaploop.sim.engine;

/**
 * Firing statistics of a neuron range from a {@link SpikeMonitor}: mean rate and mean
 * coefficient of variation of inter-spike intervals over neurons with at least 3 spikes
 * (population standard deviation, as numpy's default), the measures SIM-REFERENCE.md uses.
 *
 * @param rateHz mean spikes per neuron per second
 * @param meanIsiCv mean ISI CV, NaN if no neuron has 3 spikes
 * @param cvNeurons neurons that entered the CV mean
 */
public record SpikeStatistics(double rateHz, double meanIsiCv, int cvNeurons, long spikes) {

    /** Statistics of neurons [from, to) over {@code durationSteps} steps of {@code dtMs}. */
    public static SpikeStatistics of(SpikeMonitor m, int from, int to, long durationSteps, double dtMs) {
        int len = to - from;
        int[] count = new int[len];
        int[] last = new int[len];
        double[] sum = new double[len];
        double[] sumSq = new double[len];
        long spikes = 0;
        for (int k = 0; k < m.size(); k++) {
            int i = m.neuron(k) - from;
            if (i < 0 || i >= len) {
                continue;
            }
            int s = m.step(k);
            if (count[i] > 0) {
                double isi = s - last[i];
                sum[i] += isi;
                sumSq[i] += isi * isi;
            }
            last[i] = s;
            count[i]++;
            spikes++;
        }
        double cvSum = 0;
        int cvN = 0;
        for (int i = 0; i < len; i++) {
            if (count[i] >= 3) {
                int k = count[i] - 1;
                double mean = sum[i] / k;
                double var = Math.max(0, sumSq[i] / k - mean * mean);
                cvSum += Math.sqrt(var) / mean;
                cvN++;
            }
        }
        double seconds = durationSteps * dtMs / 1000.0;
        double rate = len == 0 ? 0 : spikes / (len * seconds);
        return new SpikeStatistics(rate, cvN == 0 ? Double.NaN : cvSum / cvN, cvN, spikes);
    }
}
