package org.zaploop.ingest.gateway;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.zaploop.ingest.clock.ClockFit;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.codec.EphysBlockCodec;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.codec.RigEventCodec;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

/**
 * Decides whether a record from a rig may be published, and how: decodes it with the protocol's codec (so the
 * gateway accepts exactly what WIRE-FORMAT.md allows; planes are checked by {@link PlaneHeaderCheck}, which
 * accepts exactly what the codec does without copying the pixels), checks its session against the connection's, builds its
 * key, and, for a rig on its own clock, maps its {@code acquisitionNs} to the ZapLoop clock. The bytes that go to
 * Kafka are the bytes the rig sent: binary records have their time stamp rewritten in place (it sits at a fixed
 * offset after the session string), only JSON events are re-encoded. Plain Java; throws only
 * {@link MalformedRecordException}.
 */
final class RecordValidator {

    /** A record ready for Kafka. */
    record Valid(String key, byte[] bytes, long timestampMs) {
    }

    private final EphysBlockCodec ephys = new EphysBlockCodec();
    private final RigEventCodec events = new RigEventCodec();

    Valid validate(RecordKind kind, byte[] bytes, String session, ClockFit rigClock) {
        return switch (kind) {
            case PLANE -> {
                PlaneHeaderCheck.Header p = PlaneHeaderCheck.check(bytes);
                requireSession(PlaneCodec.MAGIC, p.session(), session);
                long t = mapBinary(PlaneCodec.MAGIC, bytes, p.session(), p.acquisitionNs(), rigClock);
                yield new Valid(Keys.planeKey(p.session(), p.z()), bytes, t / 1_000_000);
            }
            case EPHYS -> {
                EphysBlock b = ephys.decode(bytes);
                requireSession(EphysBlockCodec.MAGIC, b.session(), session);
                long t = mapBinary(EphysBlockCodec.MAGIC, bytes, b.session(), b.acquisitionNs(), rigClock);
                yield new Valid(Keys.sessionKey(b.session()), bytes, t / 1_000_000);
            }
            case EVENT -> {
                RigEvent e = events.decode(bytes);
                requireSession(events.format(), e.session(), session);
                if (e.kind() == RigEventKind.CLOCK_SYNC) {
                    throw new MalformedRecordException(events.format()
                            + ": field 'kind': CLOCK_SYNC is written by the gateway, not by a rig");
                }
                byte[] out = bytes;
                long t = e.acquisitionNs();
                if (rigClock != null) {
                    t = mapped(events.format(), t, rigClock);
                    out = events.encode(new RigEvent(e.session(), t, e.kind(), e.frame(), e.condition(),
                            e.stimulus(), e.params(), e.commandSeq(), e.note()));
                }
                yield new Valid(Keys.sessionKey(e.session()), out, t / 1_000_000);
            }
        };
    }

    private static void requireSession(String format, String recordSession, String session) {
        if (session != null && !session.equals(recordSession)) {
            throw new MalformedRecordException(format + ": session '" + recordSession
                    + "' does not match the connection's session '" + session + "'");
        }
    }

    /**
     * ZLPL and ZLEP both hold {@code acquisitionNs} as the second int64 after the session string: offset
     * {@code 8 + 2 + L + 8}, L the session's UTF-8 length (WIRE-FORMAT.md 2.2, 2.3).
     */
    private static long mapBinary(String format, byte[] bytes, String session, long rigNs, ClockFit rigClock) {
        if (rigClock == null) {
            return rigNs;
        }
        long t = mapped(format, rigNs, rigClock);
        int offset = 8 + 2 + session.length() + 8;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, t);
        return t;
    }

    private static long mapped(String format, long rigNs, ClockFit rigClock) {
        long t = rigClock.toZapLoopNs(rigNs);
        if (t < 0) {
            throw new MalformedRecordException(format + ": field 'acquisitionNs': rig time " + rigNs
                    + " maps to " + t + " on the ZapLoop clock, before the epoch");
        }
        return t;
    }
}
