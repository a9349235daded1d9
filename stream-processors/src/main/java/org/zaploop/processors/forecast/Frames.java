package org.zaploop.processors.forecast;

/** Conversions between a flat {@code [frames][neurons]} array and one array per frame. */
public final class Frames {

    private Frames() {
    }

    /** {@code flat[f * neurons + i]} as {@code out[f][i]} (copies). */
    public static float[][] split(float[] flat, int frames, int neurons) {
        if ((long) frames * neurons > flat.length) {
            throw new IllegalArgumentException(frames + " frames × " + neurons + " neurons exceed the "
                    + flat.length + " values given");
        }
        float[][] out = new float[frames][neurons];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(flat, f * neurons, out[f], 0, neurons);
        }
        return out;
    }
}
