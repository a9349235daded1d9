package org.zaploop.processors.forecast.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes small ONNX models by hand (a minimal protobuf encoder for ModelProto / GraphProto / NodeProto /
 * TensorProto / ValueInfoProto, field numbers from onnx.proto), so a linear forecaster can be exported and run
 * through ONNX Runtime without Python. The model follows {@link OnnxForecaster}'s contract: input
 * {@code context} float32 [N, C], output {@code forecast} float32 [N, H], N symbolic. Reads and writes no topic
 * or store.
 */
public final class OnnxModelWriter {

    private static final int FLOAT = 1;

    private OnnxModelWriter() {
    }

    /**
     * A Gemm model {@code forecast = context · Wᵀ + b}: the linear forecaster's map with weights [H][C] and bias
     * [H] (opset 13, IR version 8).
     */
    public static byte[] linear(float[] weights, float[] bias, int context, int horizon) {
        float[] wt = new float[context * horizon]; // B = Wᵀ, [C][H]
        for (int h = 0; h < horizon; h++) {
            for (int c = 0; c < context; c++) {
                wt[c * horizon + h] = weights[h * context + c];
            }
        }
        Msg graph = new Msg()
                .msg(1, new Msg().str(1, "context").str(1, "W").str(1, "b").str(2, "forecast").str(3, "gemm")
                        .str(4, "Gemm"))
                .str(2, "zaploop-linear")
                .msg(5, tensor("W", new long[] {context, horizon}, wt))
                .msg(5, tensor("b", new long[] {horizon}, bias))
                .msg(11, valueInfo("context", context))
                .msg(12, valueInfo("forecast", horizon));
        return new Msg()
                .varint(1, 8)
                .str(2, "zaploop")
                .msg(7, graph)
                .msg(8, new Msg().str(1, "").varint(2, 13))
                .bytes();
    }

    private static Msg tensor(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        Msg t = new Msg();
        for (long d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, FLOAT).str(8, name).raw(9, raw.array());
    }

    /** A float32 [N, width] value with N symbolic. */
    private static Msg valueInfo(String name, int width) {
        Msg shape = new Msg().msg(1, new Msg().str(2, "N")).msg(1, new Msg().varint(1, width));
        Msg tensorType = new Msg().varint(1, FLOAT).msg(2, shape);
        return new Msg().str(1, name).msg(2, new Msg().msg(1, tensorType));
    }

    /** A protobuf message under construction. */
    private static final class Msg {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Msg varint(int field, long v) {
            tag(field, 0);
            writeVarint(v);
            return this;
        }

        Msg str(int field, String s) {
            return raw(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Msg msg(int field, Msg m) {
            return raw(field, m.bytes());
        }

        Msg raw(int field, byte[] b) {
            tag(field, 2);
            writeVarint(b.length);
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            writeVarint(((long) field << 3) | wireType);
        }

        private void writeVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
