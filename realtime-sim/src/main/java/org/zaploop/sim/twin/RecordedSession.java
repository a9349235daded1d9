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

/**
 * A recorded session as the twin needs it, read from a session archive: the neuron table (for the
 * {@link RegionMap}), every frame's ΔF/F, and the stimulus shown at each frame (from the rig's STIMULUS and
 * COMMAND_ACK events, as the fish perceived it: {@link FramePercept}). Holds the traces in memory (frames × neurons floats). Reads no topic.
 *
 * @param traces   [frame][neuron] ΔF/F, frames × neurons
 * @param stimulus the stimulus presented during each frame (null: none yet)
 * @param params   its parameters, per frame
 */
public record RecordedSession(ArchiveMeta meta, RegionMap map, int frames, float[] traces, String[] stimulus,
                              List<Map<String, Double>> params) {

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
        return new RecordedSession(meta, map.select(pick), frames, t, stimulus, params);
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
            // what the fish saw in each frame: a flash is over after its duration, whatever the command says
            String[] stim = new String[(int) frames];
            List<Map<String, Double>> params = new ArrayList<>();
            double period = meta.volumePeriodS();
            for (int f = 0; f < frames; f++) {
                FramePercept p = FramePercept.during(commanded[f], commandedParams.get(f),
                        (f - commandedAt[f]) * period, period);
                stim[f] = p.stimulus();
                params.add(p.params());
            }
            return new RecordedSession(meta, map, (int) frames, traces, stim, params);
        }
    }
}
