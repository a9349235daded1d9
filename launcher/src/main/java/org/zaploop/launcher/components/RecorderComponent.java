package org.zaploop.launcher.components;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import org.zaploop.ingest.recorder.Recorder;
import org.zaploop.ingest.recorder.RecorderSettings;

/** The session recorder as a component: the session's topics written live into an archive under the work dir. */
public final class RecorderComponent implements Component {

    private final ComponentContext ctx;
    private Recorder recorder;

    public RecorderComponent(ComponentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "recorder";
    }

    @Override
    public void start() {
        try {
            recorder = new Recorder(ctx.bootstrap(), RecorderSettings.of(ctx.session(), ctx.workDir().resolve("archive")),
                    null, false, new Properties()).start().bindMeters(ctx.meters());
        } catch (IOException e) {
            throw new UncheckedIOException("recorder could not open its archive: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Object> status() {
        return recorder == null ? Map.of() : Map.of("archive", recorder.archivePath().toString(),
                "summary", Recorder.summary(recorder.stats()));
    }

    @Override
    public Map<String, Object> statusLine() {
        return recorder == null ? Map.of() : Map.of("recorded", Recorder.summary(recorder.stats()));
    }

    @Override
    public void close() {
        if (recorder != null) {
            recorder.close();
        }
    }
}
