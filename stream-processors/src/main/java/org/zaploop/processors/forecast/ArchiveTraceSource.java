package org.zaploop.processors.forecast;

import java.io.IOException;

import org.zaploop.protocol.archive.SessionArchive;

/** The committed traces of a session archive (ZapLoop or ZAPBench layout) as a {@link TraceSource}. */
public final class ArchiveTraceSource implements TraceSource {

    private final SessionArchive archive;
    private final int frames;
    private final int neurons;

    /** At most {@code maxNeurons} neurons (the first ones); {@code maxNeurons ≤ 0} = all. */
    public ArchiveTraceSource(SessionArchive archive, int maxNeurons) {
        this.archive = archive;
        this.frames = (int) archive.commit().traceFrames();
        int all = archive.meta().neurons();
        this.neurons = maxNeurons > 0 ? Math.min(all, maxNeurons) : all;
        if (frames == 0 || neurons == 0) {
            throw new IllegalArgumentException(archive.path() + " holds no traces");
        }
    }

    @Override
    public int frames() {
        return frames;
    }

    @Override
    public int neurons() {
        return neurons;
    }

    @Override
    public void read(int f0, int f1, int n0, int n1, float[] dest) throws IOException {
        archive.readTraces(f0, f1, n0, n1, dest);
    }
}
