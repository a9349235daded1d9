package org.zaploop.sim.twin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.NeuronTable;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.sim.fish.EphysLayout;

/**
 * A recorded session as the twin needs it, read from a session archive: the neuron table (for the
 * {@link RegionMap}), every frame's ΔF/F, and the stimulus shown at each frame (from the rig's STIMULUS and
 * COMMAND_ACK events, as the fish perceived it: {@link FramePercept}). Holds the traces in memory (frames × neurons floats). Reads no topic.
 *
 * @param traces   [frame][neuron] ΔF/F, frames × neurons
 * @param stimulus the stimulus presented during each frame (null: none yet)
 * @param params   its parameters, per frame
 * @param tail     [frame][left, right] {@link TailActivity} of the tail while each frame's volume was acquired (from
 *                 its start to the next frame's), frames × 2; null when the session has no tail recording
 * @param commands the commands behind the percepts, for forecasts ({@link #heldAfter}); null: a forecast holds the
 *                 frame's percept
 */
public record RecordedSession(ArchiveMeta meta, RegionMap map, int frames, float[] traces, String[] stimulus,
                              List<Map<String, Double>> params, float[] tail, StandingCommands commands) {

    /** A session without a tail recording. */
    public RecordedSession(ArchiveMeta meta, RegionMap map, int frames, float[] traces, String[] stimulus,
                           List<Map<String, Double>> params) {
        this(meta, map, frames, traces, stimulus, params, null, null);
    }

    /** A session whose percepts are all that is known of its stimuli. */
    public RecordedSession(ArchiveMeta meta, RegionMap map, int frames, float[] traces, String[] stimulus,
                           List<Map<String, Double>> params, float[] tail) {
        this(meta, map, frames, traces, stimulus, params, tail, null);
    }

    public RecordedSession {
        if (tail != null && tail.length != 2 * frames) {
            throw new IllegalArgumentException("the tail needs a left and a right value per frame (" + 2 * frames
                    + "), got " + tail.length);
        }
        if (commands != null && commands.stimulus().length != frames) {
            throw new IllegalArgumentException("the standing commands cover " + commands.stimulus().length
                    + " frames, the session " + frames);
        }
    }

    /**
     * What a forecast made at {@code frame} may assume the fish sees during the next {@code steps} frames: the
     * command standing at the frame stands on (a flash still ends by itself); without the commands, the frame's
     * percept is held.
     */
    public FramePercept[] heldAfter(int frame, int steps) {
        if (commands != null) {
            return commands.heldAfter(frame, steps);
        }
        FramePercept[] out = new FramePercept[steps];
        java.util.Arrays.fill(out, new FramePercept(stimulus[frame], params.get(frame)));
        return out;
    }

    /**
     * Shows the twin what the fish saw from {@code frame} on and, with a tail recording, how it swam while that frame
     * was acquired: the period the twin simulates next, before it takes the frame's measurement.
     */
    public void show(int frame, DigitalTwin twin) {
        twin.show(stimulus[frame], params.get(frame));
        if (tail != null) {
            twin.tail(tail[2 * frame], tail[2 * frame + 1]);
        }
    }

    /** The same session without its tail recording (the twin then never hears the fish swim). */
    public RecordedSession withoutTail() {
        return new RecordedSession(meta, map, frames, traces, stimulus, params, null, commands);
    }

    /** The ΔF/F of every neuron at {@code frame} into {@code dest}. */
    public void frame(int frame, float[] dest) {
        System.arraycopy(traces, frame * map.measured(), dest, 0, map.measured());
    }

    /**
     * The same session with {@code n} of its neurons, evenly spread over the table (a smaller twin fits faster; the
     * regions keep their shares). The whole session when {@code n} is at least its size.
     */
    public RecordedSession sample(int n) {
        int total = map.measured();
        if (n >= total) {
            return this;
        }
        if (n < 1) {
            throw new IllegalArgumentException("a sample needs at least one neuron, got " + n);
        }
        int[] pick = new int[n];
        for (int k = 0; k < n; k++) {
            pick[k] = (int) ((long) k * total / n);
        }
        float[] t = new float[frames * n];
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < n; k++) {
                t[f * n + k] = traces[f * total + pick[k]];
            }
        }
        return new RecordedSession(meta, map.select(pick), frames, t, stimulus, params, tail, commands);
    }

    public float dff(int frame, int neuron) {
        return traces[frame * map.measured() + neuron];
    }

    /**
     * @throws IOException with the archive's path and what is missing (no neuron table, no traces)
     */
    public static RecordedSession read(Path archive) throws IOException {
        try (SessionArchive a = SessionArchive.open(archive)) {
            ArchiveMeta meta = a.meta();
            NeuronTable table = a.neuronTable().orElseThrow(() -> new IOException(archive
                    + " holds no neuron table (neurons/): the twin needs one to map its neurons onto"));
            long frames = a.framesComplete();
            if (a.traces().isEmpty() || frames < 1) {
                throw new IOException(archive + " holds no traces: nothing to fit the twin to");
            }
            int n = table.size();
            if (n != meta.neurons()) {
                throw new IOException(archive + ": the neuron table lists " + n + " neurons but the traces hold "
                        + meta.neurons());
            }
            if ((long) frames * n > Integer.MAX_VALUE - 8) {
                throw new IOException(archive + ": " + frames + " frames × " + n + " neurons do not fit in memory");
            }
            float[] traces = new float[(int) frames * n];
            a.readTraces(0, frames, 0, n, traces);
            RegionMap map = RegionMap.fromCentroids(table.centroidX(), table.centroidY(), table.centroidZ(),
                    meta.width(), meta.height(), meta.depth());
            String[] commanded = new String[(int) frames];
            long[] commandedAt = new long[(int) frames];
            List<Map<String, Double>> commandedParams = new ArrayList<>();
            for (int f = 0; f < frames; f++) {
                commandedParams.add(Map.of());
            }
            long zero = meta.frameZeroNs() == ArchiveMeta.UNKNOWN_TIME ? 0 : meta.frameZeroNs();
            for (RigEvent e : a.rigEvents()) {
                boolean shown = e.kind() == RigEventKind.STIMULUS || e.kind() == RigEventKind.COMMAND_ACK;
                if (!shown || e.stimulus() == null) {
                    continue;
                }
                long from = e.frame() != null ? e.frame()
                        : Math.max(0, Math.round((e.acquisitionNs() - zero) / 1e9 / meta.volumePeriodS()));
                for (long f = from; f < frames; f++) {
                    commanded[(int) f] = e.stimulus();
                    commandedAt[(int) f] = from;
                    commandedParams.set((int) f, e.params());
                }
            }
            StandingCommands commands = new StandingCommands(commanded, commandedParams, commandedAt,
                    meta.volumePeriodS());
            // what the fish saw in each frame: a flash is over after its duration, whatever the command says
            String[] stim = new String[(int) frames];
            List<Map<String, Double>> params = new ArrayList<>();
            for (int f = 0; f < frames; f++) {
                FramePercept p = commands.perceived(f);
                stim[f] = p.stimulus();
                params.add(p.params());
            }
            return new RecordedSession(meta, map, (int) frames, traces, stim, params, tail(a, (int) frames), commands);
        }
    }

    /**
     * The tail's activity per frame period from the archive's ephys (left and right motor nerves on channels 0 and 1,
     * ZAPBench's layout), or null without one. Frame k's period is the volume period that ends when its last plane is
     * acquired, as a live twin cuts it ({@link TailPeriods}): the frame's own volume, shifted one plane earlier.
     */
    private static float[] tail(SessionArchive a, int frames) throws IOException {
        ArchiveMeta meta = a.meta();
        long total = a.commit().ephysSamples();
        if (meta.ephysChannels() <= EphysLayout.RIGHT || meta.ephysSampleRateHz() <= 0 || total == 0) {
            return null;
        }
        double rate = meta.ephysSampleRateHz();
        double period = meta.volumePeriodS();
        boolean timed = meta.frameZeroNs() != ArchiveMeta.UNKNOWN_TIME && meta.sampleZeroNs() != ArchiveMeta.UNKNOWN_TIME;
        // sample times relative to the start of frame 0's period: one plane before volume 0's first plane
        double offsetS = (timed ? (meta.sampleZeroNs() - meta.frameZeroNs()) / 1e9 : 0) + period / meta.depth();
        float[] out = new float[2 * frames];
        TailActivity activity = new TailActivity(rate);
        double[] lr = new double[2];
        int channels = meta.ephysChannels();
        int chunk = 1 << 16;
        float[] buf = new float[channels * chunk];
        long current = Long.MIN_VALUE;
        for (long from = 0; from < total; from += chunk) {
            int n = (int) Math.min(chunk, total - from);
            a.readEphys(from, from + n, buf);
            for (int s = 0; s < n; s++) {
                long k = (long) Math.floor((offsetS + (from + s) / rate) / period);
                if (k != current) {
                    close(activity, current, lr, out, frames);
                    current = k;
                }
                // [channel][sample] as read
                activity.add(buf[EphysLayout.LEFT * n + s], buf[EphysLayout.RIGHT * n + s]);
            }
        }
        close(activity, current, lr, out, frames);
        return out;
    }

    /** Ends period k and stores it when it is a frame of the session (earlier ones only warm the resting level up). */
    private static void close(TailActivity activity, long k, double[] lr, float[] out, int frames) {
        if (k == Long.MIN_VALUE) {
            return;
        }
        activity.endPeriod(lr);
        if (k >= 0 && k < frames) {
            out[2 * (int) k] = (float) lr[0];
            out[2 * (int) k + 1] = (float) lr[1];
        }
    }
}
