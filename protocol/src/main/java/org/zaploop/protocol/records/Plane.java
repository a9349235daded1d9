package org.zaploop.protocol.records;

import java.util.Arrays;

import org.zaploop.protocol.Names;

/**
 * One z-plane of a light-sheet volume, or one rectangular tile of it, as uint16 pixels. Travels on
 * {@code zl.imaging.planes}, key {@code session/z}, binary format ZLPL.
 *
 * <p>{@code pixels} holds {@code width × height} values row-major, x fastest; each {@code short} is an
 * unsigned 16-bit value (read it with {@link #pixel(int, int)} or {@link Short#toUnsignedInt}). A whole plane
 * has {@code x0 = y0 = 0}, {@code width = planeWidth}, {@code height = planeHeight}.
 *
 * <p>The array is not copied (a full ZAPBench plane is 5.4 MB): the record takes ownership and callers must
 * not modify it afterwards.
 *
 * @param session         session id, {@link Names#PATTERN}
 * @param frame           volume index t, from 0
 * @param z               plane index in the volume, {@code 0 <= z < planesPerVolume}
 * @param planesPerVolume planes per volume (ZAPBench: 72)
 * @param acquisitionNs   acquisition time of this plane, ns since the Unix epoch on the ZapLoop clock
 * @param planeWidth      full plane width in pixels (ZAPBench: 2048)
 * @param planeHeight     full plane height in pixels (ZAPBench: 1328)
 * @param x0              tile origin x in the plane
 * @param y0              tile origin y in the plane
 * @param width           tile width
 * @param height          tile height
 * @param pixels          tile pixels, uint16 stored in short
 */
public record Plane(String session, long frame, int z, int planesPerVolume, long acquisitionNs,
                    int planeWidth, int planeHeight, int x0, int y0, int width, int height, short[] pixels) {

    public Plane {
        Names.requireSession(session);
        Check.atLeast("frame", frame, 0);
        Check.range("planesPerVolume", planesPerVolume, 1, Limits.MAX_PLANES_PER_VOLUME);
        Check.range("z", z, 0, planesPerVolume - 1);
        Check.atLeast("acquisitionNs", acquisitionNs, 0);
        Check.range("planeWidth", planeWidth, 1, Limits.MAX_PLANE_DIM);
        Check.range("planeHeight", planeHeight, 1, Limits.MAX_PLANE_DIM);
        Check.range("x0", x0, 0, planeWidth - 1);
        Check.range("y0", y0, 0, planeHeight - 1);
        Check.range("width", width, 1, planeWidth - x0);
        Check.range("height", height, 1, planeHeight - y0);
        Check.notNull("pixels", pixels);
        Check.length("pixels", pixels.length, (long) width * height, "width × height");
    }

    /** A whole plane: the tile is the full plane. */
    public static Plane whole(String session, long frame, int z, int planesPerVolume, long acquisitionNs,
                              int width, int height, short[] pixels) {
        return new Plane(session, frame, z, planesPerVolume, acquisitionNs, width, height, 0, 0, width, height, pixels);
    }

    public boolean isWholePlane() {
        return width == planeWidth && height == planeHeight;
    }

    /** The unsigned pixel value at tile coordinates (x, y). */
    public int pixel(int x, int y) {
        return Short.toUnsignedInt(pixels[y * width + x]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Plane p && session.equals(p.session) && frame == p.frame && z == p.z
                && planesPerVolume == p.planesPerVolume && acquisitionNs == p.acquisitionNs
                && planeWidth == p.planeWidth && planeHeight == p.planeHeight && x0 == p.x0 && y0 == p.y0
                && width == p.width && height == p.height && Arrays.equals(pixels, p.pixels);
    }

    @Override
    public int hashCode() {
        int h = session.hashCode();
        h = 31 * h + Long.hashCode(frame);
        h = 31 * h + z;
        h = 31 * h + Long.hashCode(acquisitionNs);
        h = 31 * h + x0 + 7 * y0;
        return 31 * h + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Plane[session=" + session + ", frame=" + frame + ", z=" + z + "/" + planesPerVolume
                + ", acquisitionNs=" + acquisitionNs + ", plane=" + planeWidth + "x" + planeHeight
                + ", tile=" + width + "x" + height + "@(" + x0 + "," + y0 + "), pixels=" + Check.summary(pixels) + "]";
    }
}
