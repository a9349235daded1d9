package org.zaploop.sim.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.codec.RigEventCodec;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.sim.fish.FrameTruth;
import org.zaploop.sim.fish.RigOutput;

/**
 * Writes what the virtual fish acquires into a session archive (raw planes, ephys, rig events) and its ground
 * truth beside it (the true ΔF/F as the archive's traces; spikes, calcium and rigid shifts under {@code truth/}).
 * Planes of volumes beyond {@code frames} are not written: the export holds exactly the volumes asked for.
 */
public final class ArchiveRigOutput implements RigOutput, AutoCloseable {

    private final SessionArchive archive;
    private final TruthArrays truth;
    private final String session;
    private final long frames;
    private final RigEventCodec events = new RigEventCodec();
    private final boolean planes;
    private long lastFrame;

    public ArchiveRigOutput(SessionArchive archive, String session, long frames, int neurons) throws IOException {
        this(archive, session, frames, neurons, true);
    }

    /** @param planes false for an export without raw volumes (traces, ephys, events and ground truth only) */
    public ArchiveRigOutput(SessionArchive archive, String session, long frames, int neurons, boolean planes)
            throws IOException {
        this.planes = planes;
        this.lastFrame = planes ? -1 : 0;
        this.archive = archive;
        this.session = session;
        this.frames = frames;
        this.truth = new TruthArrays(archive.path().resolve("truth"), frames, neurons);
    }

    @Override
    public boolean wantsPlanes() {
        return planes;
    }

    @Override
    public void plane(long frame, int z, long acquisitionNs, short[] pixels) {
        if (frame >= frames) {
            return;
        }
        lastFrame = frame;
        io(() -> archive.writePlane(frame, z, pixels));
    }

    @Override
    public void ephys(long firstSample, long acquisitionNs, float[] data, int samples) {
        io(() -> archive.appendEphys(firstSample, data, samples));
    }

    @Override
    public void presented(String stimulus, Map<String, Double> params, int condition, long acquisitionNs,
                          long commandSeq, String note) {
        RigEvent e = new RigEvent(session, acquisitionNs, commandSeq >= 0 ? RigEventKind.COMMAND_ACK : RigEventKind.STIMULUS,
                lastFrame >= 0 ? lastFrame : null, condition >= 0 ? condition : null, stimulus, params,
                commandSeq >= 0 ? commandSeq : null, note == null || note.isEmpty() ? null : note);
        io(() -> archive.appendEvent(new String(events.encode(e), StandardCharsets.UTF_8)));
    }

    @Override
    public void groundTruth(FrameTruth t) {
        if (t.frame() >= frames) {
            return;
        }
        if (!planes) {
            lastFrame = t.frame() + 1; // without planes, the frame now being acquired is the one after this truth
        }
        io(() -> {
            archive.appendTraces(t.frame(), t.trueDff());
            truth.add(t);
        });
    }

    @Override
    public void close() throws IOException {
        truth.flush();
        archive.close();
    }

    public Path path() {
        return archive.path();
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the export: " + e.getMessage(), e);
        }
    }
}
