package org.zaploop.processors.forecast;

import java.io.IOException;

/** Traces [frame][neuron] to evaluate on: an archive, or an array in memory. Reads no topic or store. */
public interface TraceSource {

    int frames();

    int neurons();

    /** Frames {@code [f0, f1)} × neurons {@code [n0, n1)} into {@code dest} as [frame][neuron]. */
    void read(int f0, int f1, int n0, int n1, float[] dest) throws IOException;

    /** Traces held in memory, {@code data[f * neurons + i]}. */
    static TraceSource of(float[] data, int frames, int neurons) {
        return new TraceSource() {
            @Override
            public int frames() {
                return frames;
            }

            @Override
            public int neurons() {
                return neurons;
            }

            @Override
            public void read(int f0, int f1, int n0, int n1, float[] dest) {
                int w = n1 - n0;
                for (int f = f0; f < f1; f++) {
                    System.arraycopy(data, f * neurons + n0, dest, (f - f0) * w, w);
                }
            }
        };
    }
}
