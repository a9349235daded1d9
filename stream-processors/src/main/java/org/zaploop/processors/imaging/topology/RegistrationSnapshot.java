package org.zaploop.processors.imaging.topology;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The registration state of a session as bytes for {@value ImagingTopology#REGISTRATION_STORE}, so a restarted or
 * rebalanced processor registers the next volumes exactly as the one before it would have: the reference under
 * construction (key session/reference: volumes added and the running sum of their projections; written only while
 * it is being built) and the shift in use (key session/shift: rigid dx, dy and, with piecewise-rigid
 * registration, every neuron's shift; written after each registered volume). Reads and writes no topic or store.
 */
final class RegistrationSnapshot {

    private RegistrationSnapshot() {
    }

    static String referenceKey(String session) {
        return session + "/reference";
    }

    static String shiftKey(String session) {
        return session + "/shift";
    }

    static byte[] reference(int count, double[] sum) {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 * sum.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(count);
        b.asDoubleBuffer().put(sum);
        return b.array();
    }

    static int referenceCount(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    /** The saved sum, or null when it is not of {@code pixels} pixels (another geometry). */
    static double[] referenceSum(byte[] bytes, int pixels) {
        if (bytes.length != 4 + 8 * pixels) {
            return null;
        }
        double[] sum = new double[pixels];
        ByteBuffer.wrap(bytes, 4, bytes.length - 4).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(sum);
        return sum;
    }

    static byte[] shift(float dx, float dy, float[] neuronDx, float[] neuronDy) {
        int n = neuronDx == null ? 0 : neuronDx.length;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(dx).putFloat(dy).putInt(n);
        if (n > 0) {
            b.asFloatBuffer().put(neuronDx).put(neuronDy);
        }
        return b.array();
    }

    /** Restores the saved shift into {@code s}; false (nothing changed) when it is not for {@code s}'s neurons. */
    static boolean restoreShift(byte[] bytes, SessionImaging s) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12) {
            return false;
        }
        float dx = b.getFloat();
        float dy = b.getFloat();
        int n = b.getInt();
        if (bytes.length != 12 + 8 * n || (n != 0 && n != s.table.neurons())) {
            return false;
        }
        s.dx = dx;
        s.dy = dy;
        if (n > 0) {
            s.neuronDx = new float[n];
            s.neuronDy = new float[n];
            b.asFloatBuffer().get(s.neuronDx).get(s.neuronDy);
        }
        return true;
    }
}
