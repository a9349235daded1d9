package org.zaploop.processors.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.zaploop.processors.forecast.onnx.OnnxForecaster;
import org.zaploop.processors.forecast.onnx.OnnxModelWriter;

/** A hand-encoded ONNX Gemm model run on ONNX Runtime gives the linear forecaster's numbers. */
class OnnxForecasterTest {

    @Test
    void onnxGemmEqualsTheLinearForecaster() throws Exception {
        int c = 4;
        int h = 32;
        int n = 300;
        SplittableRandom r = new SplittableRandom(2);
        float[] w = new float[h * c];
        float[] b = new float[h];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian() * 0.3f;
        }
        for (int i = 0; i < h; i++) {
            b[i] = (float) r.nextGaussian() * 0.01f;
        }
        float[] ctx = new float[c * n];
        for (int i = 0; i < ctx.length; i++) {
            ctx[i] = (float) r.nextGaussian();
        }
        LinearForecaster lin = LinearForecaster.of(c, h, w, b);
        float[] expected = new float[h * n];
        lin.forecast(Frames.split(ctx, c, n), 0, 0, n, null, expected);
        float[] got = new float[h * n];
        try (OnnxForecaster onnx = new OnnxForecaster("onnx-linear", OnnxModelWriter.linear(w, b, c, h), c, h)) {
            onnx.forecast(Frames.split(ctx, c, n), 0, 0, n, null, got);
            // a smaller batch through the same session: N is symbolic
            float[] small = new float[h * 7];
            float[] ctx7 = new float[c * 7];
            for (int f = 0; f < c; f++) {
                System.arraycopy(ctx, f * n, ctx7, f * 7, 7);
            }
            onnx.forecast(Frames.split(ctx7, c, 7), 0, 0, 7, null, small);
            assertEquals(expected[5 * n + 3], small[5 * 7 + 3], 1e-5);
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 1e-5, "value " + i);
        }
    }
}
