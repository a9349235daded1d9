package org.zaploop.ingest.recorder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/** A recorder in a JVM of its own, for the kill test: {@code RecorderMain BOOTSTRAP SESSION DIR}. */
public final class RecorderMain {

    private RecorderMain() {
    }

    public static void main(String[] args) throws Exception {
        Recorder r = new Recorder(args[0], RecorderSettings.of(args[1], Path.of(args[2])), null, true,
                new Properties()).start();
        while (!r.awaitDone(Duration.ofSeconds(1))) {
            // until the session ends (or the test kills us)
        }
        System.exit(r.failure() == null ? 0 : 1);
    }
}
