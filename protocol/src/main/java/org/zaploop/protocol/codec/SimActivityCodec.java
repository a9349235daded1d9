package org.zaploop.protocol.codec;

import org.zaploop.protocol.records.Limits;
import org.zaploop.protocol.records.SimActivity;

/**
 * Binary format ZLSA of {@link SimActivity} ({@code zl.sim.activity}). After the strings {@code session} and
 * {@code region} the header holds {@code acquisitionNs, simTimeNs} (int64), {@code populationCount} (int32),
 * {@code trackingError} (float32, NaN = not computed); then {@code rateHz} and {@code meanDff}
 * (float32 × populationCount each).
 */
public final class SimActivityCodec extends BinaryCodec<SimActivity> {

    public static final String MAGIC = "ZLSA";
    static final int FIXED_BYTES = 2 * 8 + 4 + 4;

    public SimActivityCodec() {
        super(MAGIC);
    }

    @Override
    SimActivity read(BinaryReader r) {
        String session = r.string("session");
        String region = r.string("region");
        long acquisitionNs = r.i64("acquisitionNs");
        long simTimeNs = r.i64("simTimeNs");
        int n = r.i32In("populationCount", 1, Limits.MAX_POPULATIONS);
        float trackingError = r.f32("trackingError");
        r.endHeader(8L * n, "float32 population");
        float[] rateHz = r.floats(n);
        float[] meanDff = r.floats(n);
        return new SimActivity(session, region, acquisitionNs, simTimeNs, n, rateHz, meanDff, trackingError);
    }

    @Override
    byte[] write(SimActivity s) {
        return BinaryWriter.start(MAGIC, FIXED_BYTES, 8L * s.populationCount(), s.session(), s.region())
                .i64(s.acquisitionNs()).i64(s.simTimeNs()).i32(s.populationCount()).f32(s.trackingError())
                .floats(s.rateHz()).floats(s.meanDff())
                .toBytes();
    }
}
