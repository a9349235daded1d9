package org.zaploop.ingest.recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.SampleType;
import org.zaploop.protocol.records.TraceBlock;

/**
 * A small deterministic session as a rig and a trace extractor would put it on the topics, in time order:
 * a SESSION_START event describing it, planes (whole, or as 2 tiles for odd frames), ephys blocks (with one gap
 * and one duplicate block), trace blocks of 512 neurons, stimulus events, SESSION_END. Acquisition times are
 * exactly on the nominal schedule.
 */
public final class SyntheticSession {

    /** One record to send: topic, key, value (a record object). */
    public record Out(String topic, String key, Object value, long timeNs) {
    }

    public static final long T0 = 1_700_000_000_000_000_000L;
    public static final double PERIOD = 0.5;
    public static final double RATE = 1000.0;
    public static final int BLOCK = 512;

    public final String session;
    public final int width;
    public final int height;
    public final int depth;
    public final int frames;
    public final int neurons;
    public final int channels;
    /** Ephys samples [gapFrom, gapTo) never sent; the block at dupAt is sent twice. */
    public final long gapFrom;
    public final long gapTo;
    public final int samplesPerBlock = 100;

    public SyntheticSession(String session, int width, int height, int depth, int frames, int neurons, int channels) {
        this.session = session;
        this.width = width;
        this.height = height;
        this.depth = depth;
        this.frames = frames;
        this.neurons = neurons;
        this.channels = channels;
        long total = totalSamples();
        this.gapFrom = total / 3 / samplesPerBlock * samplesPerBlock;
        this.gapTo = gapFrom + 2L * samplesPerBlock;
    }

    public static SyntheticSession small(String session) {
        return new SyntheticSession(session, 24, 16, 4, 40, 1100, 3);
    }

    public long totalSamples() {
        return (long) (frames * PERIOD * RATE);
    }

    public static short pixel(long frame, int z, int x, int y) {
        return (short) (1000 + frame * 131 + z * 977 + x * 7 + y * 13);
    }

    public static float dff(long frame, int neuron) {
        return (float) Math.sin(frame * 0.1 + neuron * 0.01) * 0.5f;
    }

    public static float ephys(long sample, int channel) {
        return Math.round(Math.sin(sample * 0.05 + channel) * 1000) / 1000f;
    }

    public short[] plane(long frame, int z) {
        short[] p = new short[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                p[x + y * width] = pixel(frame, z, x, y);
            }
        }
        return p;
    }

    public long planeTime(long frame, int z) {
        return T0 + Math.round((frame + (double) z / depth) * PERIOD * 1e9);
    }

    public Map<String, Double> describe() {
        Map<String, Double> p = new TreeMap<>();
        p.put("width", (double) width);
        p.put("height", (double) height);
        p.put("depth", (double) depth);
        p.put("neurons", (double) neurons);
        p.put("volumePeriodS", PERIOD);
        p.put("ephysChannels", (double) channels);
        p.put("ephysSampleRateHz", RATE);
        return p;
    }

    /** Every record of the session, in acquisition-time order. */
    public List<Out> records() {
        List<Out> out = new ArrayList<>();
        out.add(new Out(Topics.RIG_EVENTS.name(), session, new RigEvent(session, T0, RigEventKind.SESSION_START,
                0L, null, null, describe(), null, "synthetic"), T0));
        long sample = 0;
        long total = totalSamples();
        boolean dupSent = false;
        for (int f = 0; f < frames; f++) {
            if (f % 10 == 0) {
                long t = planeTime(f, 0);
                out.add(new Out(Topics.RIG_EVENTS.name(), session, new RigEvent(session, t, RigEventKind.STIMULUS,
                        (long) f, f / 10 % 9, "grating", Map.of("velocity", 10.0 + f), null, null), t));
            }
            for (int z = 0; z < depth; z++) {
                long t = planeTime(f, z);
                short[] px = plane(f, z);
                if (f % 2 == 1) {
                    int h1 = height / 2;
                    short[] top = java.util.Arrays.copyOfRange(px, 0, width * h1);
                    short[] bottom = java.util.Arrays.copyOfRange(px, width * h1, width * height);
                    out.add(new Out(Topics.PLANES.name(), Keys.planeKey(session, z), new Plane(session, f, z, depth, t,
                            width, height, 0, h1, width, height - h1, bottom), t));
                    out.add(new Out(Topics.PLANES.name(), Keys.planeKey(session, z), new Plane(session, f, z, depth, t,
                            width, height, 0, 0, width, h1, top), t));
                } else {
                    out.add(new Out(Topics.PLANES.name(), Keys.planeKey(session, z),
                            Plane.whole(session, f, z, depth, t, width, height, px), t));
                }
            }
            long frameEnd = Math.min(total, (long) ((f + 1) * PERIOD * RATE));
            while (sample + samplesPerBlock <= frameEnd) {
                if (sample < gapFrom || sample >= gapTo) {
                    EphysBlock b = ephysBlock(sample);
                    out.add(new Out(Topics.EPHYS.name(), session, b, b.acquisitionNs()));
                    if (!dupSent && sample > gapTo) {
                        out.add(new Out(Topics.EPHYS.name(), session, ephysBlock(sample - samplesPerBlock),
                                b.acquisitionNs()));
                        dupSent = true;
                    }
                }
                sample += samplesPerBlock;
            }
            long t = planeTime(f, 0);
            for (int b = 0; b * BLOCK < neurons; b++) {
                int first = b * BLOCK;
                int n = Math.min(BLOCK, neurons - first);
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    d[i] = dff(f, first + i);
                }
                out.add(new Out(Topics.TRACES.name(), Keys.blockKey(session, b),
                        new TraceBlock(session, f, b, first, t, false, d, null), t));
            }
        }
        long end = planeTime(frames, 0);
        out.add(new Out(Topics.RIG_EVENTS.name(), session, RigEvent.of(session, end, RigEventKind.SESSION_END), end));
        return out;
    }

    public EphysBlock ephysBlock(long first) {
        float[] d = new float[samplesPerBlock * channels];
        for (int s = 0; s < samplesPerBlock; s++) {
            for (int c = 0; c < channels; c++) {
                d[s * channels + c] = ephys(first + s, c);
            }
        }
        return new EphysBlock(session, first, RATE, T0 + Math.round(first / RATE * 1e9), channels, samplesPerBlock,
                SampleType.FLOAT32, 1f, d);
    }
}
