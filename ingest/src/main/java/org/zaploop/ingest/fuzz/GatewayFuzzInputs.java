package org.zaploop.ingest.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.zaploop.protocol.codec.EphysBlockCodec;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.codec.RigEventCodec;
import org.zaploop.protocol.fuzz.Mutator;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.Limits;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.SampleType;

/**
 * What a hostile or broken rig sends the gateway, for one session: planes, ephys blocks and events corrupted by the
 * {@link Mutator} (bit flips, truncation, extension, huge length fields, random bytes; for JSON wrong types, NaN and
 * infinities, missing and extra fields), and whole records that are wrong in a way no byte flip makes: records of an
 * unknown session, records over the gateway's size limit, a record of one type in the message type of another,
 * ephys samples that are NaN or infinite, and planes sent twice or out of order. Valid planes to send alongside
 * carry frames from {@link #VALID_FRAMES} on; everything else stays below it. Deterministic for a given seed.
 */
public final class GatewayFuzzInputs {

    /** Valid planes sent alongside the mutants carry frames from here on. */
    public static final long VALID_FRAMES = 1_000_000L;

    /** Which rig message a fuzzed input pretends to be. */
    public enum Kind {
        PLANE("/rig/v1/planes"), EPHYS("/rig/v1/ephys"), EVENT("/rig/v1/events");

        private final String httpPath;

        Kind(String httpPath) {
            this.httpPath = httpPath;
        }

        public String httpPath() {
            return httpPath;
        }
    }

    /**
     * One input.
     *
     * @param kind  what it pretends to be (the HTTP endpoint it goes to)
     * @param text  sent as a WebSocket text message (else binary)
     * @param bytes the message
     * @param how   how it was made, for a finding's message
     */
    public record Input(Kind kind, boolean text, byte[] bytes, String how) {
    }

    private final String session;
    /**
     * Records are stamped from the time the run starts: Kafka rejects time stamps far in the future, and deletes
     * segments whose time stamps are older than the topic's retention, valid planes among them.
     */
    private final long t0 = System.currentTimeMillis() * 1_000_000L;
    private final Random random;
    private final Mutator mutator;
    private long lastFrame;

    public GatewayFuzzInputs(String session, Random random) {
        this.session = session;
        this.random = random;
        this.mutator = new Mutator(random);
    }

    /** The next input: mostly mutants, one in five a whole record that is wrong (or valid but repeated). */
    public Input next() {
        Kind kind = Kind.values()[random.nextInt(3)];
        if (random.nextInt(5) > 0) {
            byte[] valid = valid(kind, session);
            Mutator.Mutant m = kind == Kind.EVENT ? mutator.json(valid) : mutator.binary(valid);
            return new Input(kind, kind == Kind.EVENT, m.bytes(), kind + " " + m.how());
        }
        return switch (random.nextInt(8)) {
            case 0 -> new Input(kind, kind == Kind.EVENT, valid(kind, "stranger-" + random.nextInt(100)),
                    kind + " of an unknown session");
            case 1 -> oversized(kind);
            case 2 -> kind == Kind.EVENT
                    ? new Input(kind, false, valid(kind, session), "event JSON as a binary message")
                    : new Input(kind, true, new String(valid(kind, session), StandardCharsets.ISO_8859_1)
                            .getBytes(StandardCharsets.UTF_8), kind + " bytes as a text message");
            case 3 -> new Input(Kind.EPHYS, false, nonFiniteEphys(), "ephys block with NaN and infinite samples");
            case 4 -> new Input(Kind.PLANE, false, plane(session, lastFrame, random.nextInt(72)),
                    "plane of frame " + lastFrame + " again (duplicate)");
            case 5 -> {
                long earlier = Math.max(0, lastFrame - 1 - random.nextInt(50));
                yield new Input(Kind.PLANE, false, plane(session, earlier, 0), "plane of earlier frame " + earlier);
            }
            case 6 -> new Input(kind, kind == Kind.EVENT, new byte[0], "empty " + kind);
            default -> new Input(Kind.EVENT, true, ("{\"session\":\"" + session + "\",\"kind\":\"TTL\"}")
                    .getBytes(StandardCharsets.UTF_8), "event without its time");
        };
    }

    /** A valid plane of this session at frame {@code VALID_FRAMES + n}, z 0. */
    public byte[] validPlane(long n) {
        return plane(session, VALID_FRAMES + n, 0);
    }

    private byte[] valid(Kind kind, String s) {
        return switch (kind) {
            case PLANE -> plane(s, lastFrame = random.nextInt(100_000), random.nextInt(72));
            case EPHYS -> new EphysBlockCodec().encode(ephys(s, 100L * random.nextInt(1_000_000), samples(200)));
            case EVENT -> new RigEventCodec().encode(RigEvent.of(s, t0 + random.nextInt(1_000_000), RigEventKind.TTL));
        };
    }

    private Input oversized(Kind kind) {
        if (random.nextInt(20) > 0) {
            // Cheap and common: a record declaring far more data than it holds, or a JSON string past the limit
            // of a field. The rare one below is over the whole message limit.
            byte[] v = valid(kind, session);
            byte[] longer = Arrays.copyOf(v, v.length + 65_536);
            return new Input(kind, kind == Kind.EVENT, longer, kind + " padded by 64 KiB");
        }
        return switch (kind) {
            case PLANE, EPHYS -> {
                float[] data = samples(32 * 40_000); // 5.1 MB of float32: over the ephys topic's 4 MiB
                yield new Input(Kind.EPHYS, false, new EphysBlockCodec().encode(new EphysBlock(session, 0, 6000.0,
                        t0, 32, 40_000, SampleType.FLOAT32, 1f, data)), "ephys block over the message limit");
            }
            case EVENT -> new Input(kind, true, ("{\"note\":\"" + "x".repeat(Limits.MAX_JSON_BYTES) + "\"}")
                    .getBytes(StandardCharsets.UTF_8), "event over the JSON limit");
        };
    }

    /** A valid block whose float32 samples (the encoding's tail) get NaN or infinities written over some of them. */
    private byte[] nonFiniteEphys() {
        float[] data = samples(200);
        byte[] b = new EphysBlockCodec().encode(ephys(session, 0, data));
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] odd = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int k = 1 + random.nextInt(5); k > 0; k--) {
            buf.putFloat(b.length - 4 * (1 + random.nextInt(data.length)), odd[random.nextInt(odd.length)]);
        }
        return b;
    }

    /** A 64 × 32 tile; frames are 1 ms apart (modulo 10^6) so that no time stamp runs into Kafka's future limit. */
    private byte[] plane(String session, long frame, int z) {
        short[] px = new short[64 * 32];
        Arrays.fill(px, (short) frame);
        return new PlaneCodec().encode(new Plane(session, frame, z, 72, t0 + (frame % 1_000_000) * 1_000_000L, 2048,
                1328, 0, 0, 64, 32, px));
    }

    private EphysBlock ephys(String session, long firstSample, float[] data) {
        return new EphysBlock(session, firstSample, 6000.0, t0 + firstSample, 2, data.length / 2, SampleType.FLOAT32,
                1f, data);
    }

    private static float[] samples(int n) {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = i * 0.5f;
        }
        return data;
    }
}
