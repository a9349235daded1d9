package org.zaploop.ingest.testkit;

import java.util.Arrays;

import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.SampleType;

/** Small valid records for tests. */
public final class Records {

    public static final long T0 = 1_700_000_000_000_000_000L;

    private Records() {
    }

    /** A 64 × 32 tile of a 2048 × 1328 plane at z, filled with {@code frame}. */
    public static Plane tile(String session, long frame, int z) {
        short[] px = new short[64 * 32];
        Arrays.fill(px, (short) frame);
        return new Plane(session, frame, z, 72, T0 + frame * 914_100_000L, 2048, 1328, 0, 0, 64, 32, px);
    }

    public static Plane tile(String session, long frame, int z, int width, int height) {
        short[] px = new short[width * height];
        Arrays.fill(px, (short) (frame + z));
        return new Plane(session, frame, z, 72, T0 + frame * 914_100_000L, 2048, 1328, 0, 0, width, height, px);
    }

    public static byte[] planeBytes(String session, long frame, int z) {
        return new PlaneCodec().encode(tile(session, frame, z));
    }

    public static EphysBlock ephys(String session, long firstSample, long acquisitionNs) {
        float[] data = new float[2 * 100];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f;
        }
        return new EphysBlock(session, firstSample, 6000.0, acquisitionNs, 2, 100, SampleType.FLOAT32, 1f, data);
    }
}
