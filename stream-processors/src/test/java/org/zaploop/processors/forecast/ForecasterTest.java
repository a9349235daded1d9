package org.zaploop.processors.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ForecasterTest {

    @Test
    void meanOfAConstantIsTheConstantAndLastIsTheLastFrame() {
        int c = 4;
        int n = 3;
        float[] ctx = {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 7};
        float[] out = new float[32 * n];
        new MeanForecaster(c, 32).forecast(Frames.split(ctx, c, n), 0, 0, n, null, out);
        assertEquals(1, out[31 * n], 0);
        assertEquals(2, out[5 * n + 1], 0);
        assertEquals(4, out[7 * n + 2], 1e-6);
        new LastValueForecaster(c, 32).forecast(Frames.split(ctx, c, n), 0, 0, n, null, out);
        assertEquals(7, out[31 * n + 2], 0);
    }

    /** Every neuron an AR(2) process: the best linear h-step predictor is known in closed form. */
    @Test
    void linearRecoversAnArProcess() {
        int frames = 3000;
        int n = 64;
        double a1 = 1.2;
        double a2 = -0.5;
        float[] x = new float[frames * n];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            double p1 = 0;
            double p2 = 0;
            for (int f = 0; f < frames; f++) {
                double v = a1 * p1 + a2 * p2 + 0.1 * r.nextGaussian();
                x[f * n + i] = (float) (v + 0.3);
                p2 = p1;
                p1 = v;
            }
        }
        int c = 4;
        LinearForecaster lin = new LinearForecaster(c, 32, 1_000_000, 1e-8);
        lin.fit(new TrainingBlock(x, frames, 0, n, new int[frames], List.of(new ZapbenchProtocol.Range(0, frames))));
        lin.finishFit();
        float[] w = lin.weights();
        // one step ahead: weights on (t-3, t-2, t-1, t) ≈ (0, 0, a2, a1), bias ≈ 0.3 (1 - a1 - a2)
        assertEquals(a1, w[3], 0.03);
        assertEquals(a2, w[2], 0.03);
        assertEquals(0, w[1], 0.03);
        assertEquals(0.3 * (1 - a1 - a2), lin.bias()[0], 0.01);
        // two steps ahead: a1² + a2 on x_t, a1 a2 on x_{t-1}
        assertEquals(a1 * a1 + a2, w[c + 3], 0.05);
        assertEquals(a1 * a2, w[c + 2], 0.05);
    }

    /**
     * A quiet baseline with sparse, unpredictable transients (ΔF/F's shape): the constant with the least absolute
     * error is the median (the baseline), not the mean (pulled up by the transients), so the fitted intercept sits
     * at the median and the absolute error on fresh data is below the least-squares intercept's.
     */
    @Test
    void interceptMinimisesTheAbsoluteError() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 40;
        int frames = 1500;
        float[] x = new float[frames * n];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) (0.01 * r.nextGaussian() + (r.nextDouble() < 0.1 ? 1.0 : 0.0));
        }
        LinearForecaster lin = new LinearForecaster(4, 2, 1_000_000, 1e-4);
        lin.fit(new TrainingBlock(x, frames, 0, n, new int[frames], List.of(new ZapbenchProtocol.Range(0, frames))));
        lin.finishFit();
        float[] w = lin.weights();
        float[] b = lin.bias();
        double slopes = w[0] + w[1] + w[2] + w[3];
        // transients are unpredictable, so the slopes are near 0: least squares would put the intercept near the
        // mean, 0.1; most rows are quiet, so the median residual is near the baseline, 0
        assertTrue(Math.abs(slopes) < 0.1, "slopes sum to " + slopes);
        assertTrue(Math.abs(b[0]) < 0.03, "intercept " + b[0]);
        float[] fresh = new float[frames * n];
        for (int k = 0; k < fresh.length; k++) {
            fresh[k] = (float) (0.01 * r.nextGaussian() + (r.nextDouble() < 0.1 ? 1.0 : 0.0));
        }
        double median = 0;
        double meanIntercept = 0;
        double lsBias = 0.1 * (1 - slopes);
        float[][] f = Frames.split(fresh, frames, n);
        for (int t = 4; t < frames - 1; t++) {
            for (int i = 0; i < n; i++) {
                double p = w[0] * f[t - 4][i] + w[1] * f[t - 3][i] + w[2] * f[t - 2][i] + w[3] * f[t - 1][i];
                median += Math.abs(f[t][i] - p - b[0]);
                meanIntercept += Math.abs(f[t][i] - p - lsBias);
            }
        }
        assertTrue(median < meanIntercept, "absolute error with the median intercept " + median
                + " vs the least-squares intercept " + meanIntercept);
    }

    /**
     * Unpredictable noise and a short training part: least squares on 33 parameters overfits it, so the hold-out
     * of the training part's last fifth picks a strong ridge (towards the mean baseline); with plenty of
     * AR(2) data it keeps the weak one.
     */
    @Test
    void ridgeIsChosenOnTheTrainingPartsHoldOut() {
        SplittableRandom r = new SplittableRandom(11);
        int c = 32;
        int frames = 150;
        float[] noise = new float[frames];
        for (int f = 0; f < frames; f++) {
            noise[f] = (float) r.nextGaussian();
        }
        LinearForecaster lin = new LinearForecaster(c, 2, 1_000_000, 1e-4);
        lin.fit(new TrainingBlock(noise, frames, 0, 1, new int[frames], List.of(new ZapbenchProtocol.Range(0, frames))));
        lin.finishFit();
        assertTrue(lin.stepRidges()[0] >= 1, "noise: ridge " + lin.stepRidges()[0]);
        int n = 50;
        frames = 2000;
        float[] ar = new float[frames * n];
        for (int i = 0; i < n; i++) {
            double p1 = 0;
            double p2 = 0;
            for (int f = 0; f < frames; f++) {
                double v = 1.2 * p1 - 0.5 * p2 + 0.1 * r.nextGaussian();
                ar[f * n + i] = (float) v;
                p2 = p1;
                p1 = v;
            }
        }
        LinearForecaster lin4 = new LinearForecaster(4, 2, 1_000_000, 1e-4);
        lin4.fit(new TrainingBlock(ar, frames, 0, n, new int[frames], List.of(new ZapbenchProtocol.Range(0, frames))));
        lin4.finishFit();
        assertTrue(lin4.stepRidges()[0] <= 1e-2, "AR(2): ridge " + lin4.stepRidges()[0]);
    }

    /**
     * Each step ahead is its own regression, so the validation split may give each its own ridge: step h of the
     * composed map is exactly step h of the candidate chosen for it (weights, intercept, calibration).
     */
    @Test
    void eachStepTakesTheRowOfItsOwnCandidate() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 30;
        int frames = 600;
        float[] x = new float[frames * n];
        for (int i = 0; i < n; i++) {
            double p1 = 0;
            for (int f = 0; f < frames; f++) {
                p1 = 0.9 * p1 + (r.nextDouble() < 0.05 ? 1 : 0) + 0.05 * r.nextGaussian();
                x[f * n + i] = (float) p1;
            }
        }
        int c = 8;
        int h = 4;
        LinearForecaster lin = new LinearForecaster(c, h, 1_000_000, 1e-4);
        lin.fit(new TrainingBlock(x, frames, 0, n, new int[frames], List.of(new ZapbenchProtocol.Range(0, frames))));
        lin.finishFit();
        int[] chosen = {4, -1, 0, 5};
        float[][] rowsOf = new float[chosen.length][];
        float[] biasOf = new float[chosen.length];
        for (int k = 0; k < h; k++) {
            lin.choose(chosen[k]);
            rowsOf[k] = java.util.Arrays.copyOfRange(lin.weights(), k * c, (k + 1) * c);
            biasOf[k] = lin.bias()[k];
        }
        lin.choose(5);
        float[] firstRowOfAnother = java.util.Arrays.copyOfRange(lin.weights(), 0, c);
        assertTrue(!java.util.Arrays.equals(rowsOf[0], firstRowOfAnother), "ridge 10 and 100 give different maps");
        lin.chooseByStep(chosen);
        assertTrue(lin.stepsAreSeparate());
        for (int k = 0; k < h; k++) {
            assertArrayEquals(rowsOf[k], java.util.Arrays.copyOfRange(lin.weights(), k * c, (k + 1) * c),
                    "weights of step " + (k + 1));
            assertEquals(biasOf[k], lin.bias()[k], "intercept of step " + (k + 1));
        }
        assertTrue(lin.setting().startsWith("ridge of each step chosen on the validation split: "
                + LinearForecaster.RIDGES[4]), lin.setting());
    }

    /** The tiled, eight-lags-per-pass kernel against the definition, for context lengths on and off its unroll. */
    @Test
    void linearForecastIsTheWeightedSumOfTheContext() {
        SplittableRandom r = new SplittableRandom(7);
        for (int c : new int[] {4, 12, 256}) {
            int h = 32;
            int n = 300;
            float[] w = new float[h * c];
            float[] b = new float[h];
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (r.nextGaussian() / c);
            }
            for (int k = 0; k < h; k++) {
                b[k] = (float) r.nextGaussian();
            }
            float[][] frames = new float[c + 3][n];
            for (float[] f : frames) {
                for (int i = 0; i < n; i++) {
                    f[i] = (float) r.nextGaussian();
                }
            }
            float[] out = new float[h * n];
            LinearForecaster.of(c, h, w, b).forecast(frames, 3, 0, n, null, out);
            for (int s = 0; s < h; s++) {
                for (int i = 0; i < n; i += 7) {
                    double y = b[s];
                    for (int k = 0; k < c; k++) {
                        y += (double) w[s * c + k] * frames[3 + k][i];
                    }
                    assertEquals(y, out[s * n + i], 1e-4, "C=" + c + " step " + s + " neuron " + i);
                }
            }
        }
    }

    @Test
    void conditionMeanForecastsTheLevelOfTheTargetCondition() {
        int frames = 200;
        int n = 2;
        float[] x = new float[frames * n];
        int[] cond = new int[frames];
        for (int f = 0; f < frames; f++) {
            cond[f] = f < 100 ? 0 : 5;
            x[f * n] = cond[f] == 0 ? 0.1f : 0.6f;
            x[f * n + 1] = cond[f] == 0 ? -0.2f : 0.9f;
        }
        ConditionMeanForecaster cm = new ConditionMeanForecaster(4, 32);
        cm.fit(new TrainingBlock(x, frames, 0, n, cond, List.of(new ZapbenchProtocol.Range(0, frames))));
        int[] targets = new int[32];
        Arrays.fill(targets, 5);
        targets[0] = 0;
        targets[1] = -1;
        float[] out = new float[32 * n];
        cm.forecast(Frames.split(x, 4, n), 0, 0, n, targets, out); // context = frames 0..3 (condition 0)
        assertEquals(0.1f, out[0], 1e-6);
        assertEquals(0.1f, out[n], 1e-6); // unknown condition: context mean
        assertEquals(0.6f, out[2 * n], 1e-6);
        assertEquals(0.9f, out[2 * n + 1], 1e-6);
    }

    /**
     * Neurons driven by a 2-d rotating latent state: the population model forecasts it, the mean cannot, and it
     * beats the linear baseline, which sees each neuron's own noisy past only.
     */
    @Test
    void populationModelUsesTheLatentDynamics() throws Exception {
        int frames = 4000;
        int n = 40;
        SplittableRandom r = new SplittableRandom(3);
        double[][] load = new double[n][2];
        for (double[] l : load) {
            l[0] = r.nextGaussian();
            l[1] = r.nextGaussian();
        }
        float[] x = new float[frames * n];
        double z0 = 1;
        double z1 = 0;
        double th = 2 * Math.PI / 40;
        for (int f = 0; f < frames; f++) {
            double a = 0.98 * (Math.cos(th) * z0 - Math.sin(th) * z1) + 0.1 * r.nextGaussian();
            double b = 0.98 * (Math.sin(th) * z0 + Math.cos(th) * z1) + 0.1 * r.nextGaussian();
            z0 = a;
            z1 = b;
            for (int i = 0; i < n; i++) {
                x[f * n + i] = (float) (0.2 * (load[i][0] * z0 + load[i][1] * z1) + 0.01 * r.nextGaussian());
            }
        }
        double[][] mae = testMae(x, frames, n, new MeanForecaster(4, 32), new PopulationForecaster(4, 32, 4, 20,
                2000), new LinearForecaster(4, 32));
        double[] mean = mae[0];
        double[] pop = mae[1];
        double[] lin = mae[2];
        System.out.printf("latent rotation: MAE step1 mean %.4f population %.4f linear %.4f; step8 %.4f %.4f %.4f%n",
                mean[0], pop[0], lin[0], mean[7], pop[7], lin[7]);
        assertTrue(pop[0] < 0.6 * mean[0], "population " + pop[0] + " vs mean " + mean[0]);
        assertTrue(pop[7] < mean[7], "population " + pop[7] + " vs mean " + mean[7]);
        // the shared latent is seen better through all neurons than through each neuron's own past
        assertTrue(pop[0] < lin[0], "population " + pop[0] + " vs linear " + lin[0]);
        assertTrue(pop[7] < lin[7], "population " + pop[7] + " vs linear " + lin[7]);
    }

    /**
     * Calcium-like traces: a quiet baseline at each neuron's own level with sparse transients that decay over a few
     * frames. The context mean over-forecasts after a transient at long horizons (the median future is the
     * baseline); the linear map, refit for absolute error, beats it at every step, and the population model, which
     * knows each neuron's level from training, beats the linear map at every step.
     */
    @Test
    void absoluteErrorFitsBeatTheMeanOnSkewedTraces() throws Exception {
        int frames = 2000;
        int n = 40;
        SplittableRandom r = new SplittableRandom(11);
        double[] level = new double[n];
        double[] state = new double[n];
        for (int i = 0; i < n; i++) {
            level[i] = r.nextDouble(0, 0.3);
        }
        float[] x = new float[frames * n];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < n; i++) {
                state[i] = 0.8 * state[i] + (r.nextDouble() < 0.03 ? r.nextDouble(0.3, 1.0) : 0);
                x[f * n + i] = (float) (level[i] + state[i] + 0.02 * r.nextGaussian());
            }
        }
        double[][] mae = testMae(x, frames, n, new MeanForecaster(4, 32), new LinearForecaster(4, 32),
                new PopulationForecaster(4, 32));
        double[] mean = mae[0];
        double[] lin = mae[1];
        double[] pop = mae[2];
        System.out.printf("skewed traces: MAE step1 mean %.4f linear %.4f population %.4f; step32 %.4f %.4f %.4f%n",
                mean[0], lin[0], pop[0], mean[31], lin[31], pop[31]);
        for (int h = 0; h < 32; h++) {
            assertTrue(lin[h] < mean[h], "step " + (h + 1) + ": linear " + lin[h] + " vs mean " + mean[h]);
            assertTrue(pop[h] < lin[h], "step " + (h + 1) + ": population " + pop[h] + " vs linear " + lin[h]);
        }
    }

    /**
     * Frames independent in time, each neuron at its own level L with, in 30 % of frames, a transient of 2L: the
     * context mean estimates 1.6 L, the median future is L. Least squares fits the mean future, above most frames;
     * the absolute-error calibration finds the median (weights summing to about 1 / 1.6) and beats both.
     */
    @Test
    void calibrationFitsTheMedianWhereLeastSquaresFitsTheMean() throws Exception {
        int frames = 1200;
        int n = 50;
        SplittableRandom r = new SplittableRandom(5);
        double[] level = new double[n];
        for (int i = 0; i < n; i++) {
            level[i] = r.nextDouble(0.05, 0.5);
        }
        float[] x = new float[frames * n];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < n; i++) {
                x[f * n + i] = (float) (level[i] * (r.nextDouble() < 0.3 ? 3 : 1) + 0.01 * r.nextGaussian());
            }
        }
        LinearForecaster calibrated = new LinearForecaster(4, 32);
        double[][] mae = testMae(x, frames, n, new MeanForecaster(4, 32), calibrated,
                new LinearForecaster(4, 32).withoutCalibration());
        double[] mean = mae[0];
        double[] lin = mae[1];
        double[] ls = mae[2];
        System.out.printf("level + transients: MAE step1 mean %.4f calibrated %.4f least squares %.4f;"
                + " step32 %.4f %.4f %.4f%n", mean[0], lin[0], ls[0], mean[31], lin[31], ls[31]);
        for (int h = 0; h < 32; h++) {
            assertTrue(lin[h] < 0.99 * ls[h], "step " + (h + 1) + ": calibrated " + lin[h] + " vs least squares " + ls[h]);
            assertTrue(lin[h] < 0.95 * mean[h], "step " + (h + 1) + ": calibrated " + lin[h] + " vs mean " + mean[h]);
        }
        float[] w = calibrated.weights();
        double sum = 0;
        for (int c = 0; c < 4; c++) {
            sum += w[31 * 4 + c];
        }
        System.out.println("calibrated weights of step 32 sum to " + sum);
        assertTrue(sum < 0.85, "weights of step 32 sum to " + sum);
    }

    /**
     * Each forecaster's MAE per step on the test split of traces {@code x} [frames][n], under the ZAPBench protocol
     * with the conditions in proportion, mean over conditions.
     */
    private static double[][] testMae(float[] x, int frames, int n, Forecaster... forecasters) throws Exception {
        ProtocolEvaluator ev = new ProtocolEvaluator(ZapbenchProtocol.proportional(frames, 4),
                TraceSource.of(x, frames, n), n);
        List<ProtocolResult> res = ev.run(List.of(forecasters), ZapbenchProtocol.Split.TEST);
        double[][] mae = new double[res.size()][];
        for (int i = 0; i < mae.length; i++) {
            mae[i] = res.get(i).meanOverConditions();
        }
        return mae;
    }
}
