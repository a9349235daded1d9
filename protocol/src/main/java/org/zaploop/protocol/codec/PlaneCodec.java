package org.zaploop.protocol.codec;

import org.zaploop.protocol.records.Limits;
import org.zaploop.protocol.records.Plane;

/**
 * Binary format ZLPL of {@link Plane} ({@code zl.imaging.planes}). After the session string the header holds
 * {@code frame, acquisitionNs} (int64), {@code z, planesPerVolume, planeWidth, planeHeight, x0, y0, width,
 * height} (int32); then width × height uint16 pixels. Pixels move with one bulk copy each way.
 */
public final class PlaneCodec extends BinaryCodec<Plane> {

    public static final String MAGIC = "ZLPL";
    /** Bytes of the fixed header fields after the session string. */
    static final int FIXED_BYTES = 2 * 8 + 8 * 4;

    public PlaneCodec() {
        super(MAGIC);
    }

    @Override
    Plane read(BinaryReader r) {
        String session = r.string("session");
        long frame = r.i64("frame");
        long acquisitionNs = r.i64("acquisitionNs");
        int z = r.i32("z");
        int planesPerVolume = r.i32("planesPerVolume");
        int planeWidth = r.i32("planeWidth");
        int planeHeight = r.i32("planeHeight");
        int x0 = r.i32("x0");
        int y0 = r.i32("y0");
        int width = r.i32In("width", 1, Limits.MAX_PLANE_DIM);
        int height = r.i32In("height", 1, Limits.MAX_PLANE_DIM);
        r.endHeader(2L * width * height, "pixel");
        short[] pixels = r.shorts(width * height);
        return new Plane(session, frame, z, planesPerVolume, acquisitionNs, planeWidth, planeHeight, x0, y0,
                width, height, pixels);
    }

    @Override
    byte[] write(Plane p) {
        return BinaryWriter.start(MAGIC, FIXED_BYTES, 2L * p.pixels().length, p.session())
                .i64(p.frame()).i64(p.acquisitionNs())
                .i32(p.z()).i32(p.planesPerVolume()).i32(p.planeWidth()).i32(p.planeHeight())
                .i32(p.x0()).i32(p.y0()).i32(p.width()).i32(p.height())
                .shorts(p.pixels())
                .toBytes();
    }
}
