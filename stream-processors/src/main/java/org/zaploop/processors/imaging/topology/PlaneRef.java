package org.zaploop.processors.imaging.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.Plane;

/**
 * Where a plane lies in {@code zl.imaging.planes}: its partition and offset, with its session, frame and z to check
 * what is read back there. The imaging application gathers a session's planes by these references (a few dozen
 * bytes) instead of by copies of the planes (5.4 MB each at ZAPBench size), so a plane crosses the broker once
 * ({@link PlaneFetcher}, {@link RecentPlanes}).
 *
 * <p>Binary form (big-endian): version byte 1, partition int32, offset int64, frame int64, z int32, session as
 * uint16 length + UTF-8. Used in the by-session repartition topic and the open-planes store only.
 */
record PlaneRef(String session, long frame, int z, int partition, long offset) {

    private static final byte VERSION = 1;

    static final Serde<PlaneRef> SERDE = Serdes.serdeFrom(
            (Serializer<PlaneRef>) (topic, r) -> r == null ? null : r.encode(),
            (Deserializer<PlaneRef>) (topic, bytes) -> bytes == null ? null : decode(bytes));

    /** Whether {@code p} is the plane this reference names (session, frame and z). */
    boolean isOf(Plane p) {
        return p.session().equals(session) && p.frame() == frame && p.z() == z;
    }

    byte[] encode() {
        byte[] s = session.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + 8 + 8 + 4 + 2 + s.length).put(VERSION).putInt(partition).putLong(offset)
                .putLong(frame).putInt(z).putShort((short) s.length).put(s).array();
    }

    static PlaneRef decode(byte[] bytes) {
        if (bytes.length < 27 || bytes[0] != VERSION) {
            throw new MalformedRecordException("not a plane reference (" + bytes.length + " bytes, version "
                    + (bytes.length > 0 ? bytes[0] : -1) + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        int partition = b.getInt();
        long offset = b.getLong();
        long frame = b.getLong();
        int z = b.getInt();
        int n = Short.toUnsignedInt(b.getShort());
        if (n != b.remaining()) {
            throw new MalformedRecordException("plane reference session of " + n + " bytes, " + b.remaining()
                    + " left");
        }
        return new PlaneRef(new String(bytes, 27, n, StandardCharsets.UTF_8), frame, z, partition, offset);
    }

    @Override
    public String toString() {
        return "plane z=" + z + " of frame " + frame + " (zl.imaging.planes partition " + partition + " offset "
                + offset + ")";
    }
}
