package org.zaploop.processors.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The evaluator's mean-baseline numbers against an independent, deliberately naive computation of the protocol
 * written from ZAPBENCH.md alone (its own condition table, split arithmetic and loops).
 */
class MeanBaselineProtocolTest {

    static final int[] BOUNDS = {0, 649, 2422, 3078, 3735, 5047, 5638, 6623, 7279, 7879};

    @Test
    void meanBaselineMatchesANaiveComputation() throws Exception {
        int frames = 7879;
        int neurons = 37;
        float[] data = new float[frames * neurons];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < neurons; i++) {
            double v = 0;
            for (int f = 0; f < frames; f++) {
                v = 0.9 * v + 0.05 * r.nextGaussian();
                data[f * neurons + i] = (float) Math.max(-0.25, Math.min(1.5, v + 0.1 * Math.sin(f / 50.0 + i)));
            }
        }
        for (int context : new int[] {4, 256}) {
            ZapbenchProtocol p = ZapbenchProtocol.standard(context);
            ProtocolResult res = new ProtocolEvaluator(p, TraceSource.of(data, frames, neurons), 16)
                    .run(List.of(new MeanForecaster(context, 32)), ZapbenchProtocol.Split.TEST).get(0);
            for (int k = 0; k < 9; k++) {
                double[] expected = naive(data, neurons, k, context);
                double[] got = res.maePerCondition().get(k);
                for (int h = 0; h < 32; h++) {
                    assertEquals(expected[h], got[h], 1e-6 * expected[h] + 1e-9, "C=" + context + " cond " + k
                            + " step " + h);
                }
            }
        }
    }

    /** MAE per step of the context-mean forecast over the test windows of condition k, straight from the text. */
    static double[] naive(float[] x, int neurons, int k, int c) {
        int start = BOUNDS[k] + 1;
        int end = BOUNDS[k + 1] - 1; // padded range [start, end)
        int n = end - start;
        int testFrom;
        if (k == 3) {
            testFrom = start + 256;
        } else {
            int test = (int) Math.floor(0.2 * n);
            testFrom = end - test;
        }
        double[] mae = new double[32];
        int windows = 0;
        for (int firstTarget = testFrom; firstTarget + 32 <= end; firstTarget++) {
            windows++;
            for (int h = 0; h < 32; h++) {
                double sum = 0;
                for (int i = 0; i < neurons; i++) {
                    double mean = 0;
                    for (int f = firstTarget - c; f < firstTarget; f++) {
                        mean += x[f * neurons + i];
                    }
                    mean /= c;
                    sum += Math.abs(x[(firstTarget + h) * neurons + i] - (float) mean);
                }
                mae[h] += sum / neurons;
            }
        }
        for (int h = 0; h < 32; h++) {
            mae[h] /= windows;
        }
        return mae;
    }
}
