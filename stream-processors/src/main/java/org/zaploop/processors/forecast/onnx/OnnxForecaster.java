package org.zaploop.processors.forecast.onnx;

import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.zaploop.processors.forecast.Forecaster;

/**
 * A forecaster that runs an ONNX model on ONNX Runtime (CPU). Contract of the model: one input, float32
 * {@code [N, C]} — the neurons of a block as the batch, each row a neuron's context, oldest frame first — and one
 * output, float32 {@code [N, H]} — each row that neuron's forecast, next frame first. N must be symbolic (or
 * equal the block size). The forecaster transposes the block's [C][N] context into the input and the [N][H]
 * output into the [H][N] forecast. Close it to release the session. Reads and writes no topic or store.
 */
public final class OnnxForecaster implements Forecaster, AutoCloseable {

    private final String name;
    private final int context;
    private final int horizon;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;
    private float[] in = new float[0];

    public OnnxForecaster(String name, byte[] model, int context, int horizon) throws OrtException {
        this.name = name;
        this.context = context;
        this.horizon = horizon;
        this.env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(1);
        this.session = env.createSession(model, opts);
        this.input = session.getInputNames().iterator().next();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int context() {
        return context;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public void forecast(float[][] frames, int from, int firstNeuron, int neurons, int[] targetConditions,
                         float[] out) {
        if (in.length < neurons * context) {
            in = new float[neurons * context];
        }
        for (int c = 0; c < context; c++) {
            float[] row = frames[from + c];
            for (int i = 0; i < neurons; i++) {
                in[i * context + c] = row[i];
            }
        }
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(in, 0, neurons * context),
                new long[] {neurons, context});
             OrtSession.Result r = session.run(Map.of(input, t))) {
            FloatBuffer y = ((OnnxTensor) r.get(0)).getFloatBuffer();
            if (y.remaining() != neurons * horizon) {
                throw new IllegalStateException("model " + name + " returned " + y.remaining() + " values, expected "
                        + neurons + " × " + horizon);
            }
            for (int i = 0; i < neurons; i++) {
                for (int h = 0; h < horizon; h++) {
                    out[h * neurons + i] = y.get(i * horizon + h);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX forecaster " + name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
