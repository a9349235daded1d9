package org.zaploop.launcher.chaos;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zaploop chaos recorder-kill}: see {@link RecorderKillScenario}. */
@Command(name = "recorder-kill", mixinStandardHelpOptions = true,
        description = "Record a live session of the virtual fish with 'zaploop record' as a separate process, kill "
                + "it with SIGKILL mid-session and start it again: the archive must be complete and identical to an "
                + "uninterrupted recording made beside it.")
public final class RecorderKillCommand implements Callable<Integer> {

    @Option(names = "--volumes", defaultValue = "60",
            description = "The session's length in volumes (default: ${DEFAULT-VALUE}).")
    int volumes;

    @Option(names = "--kills-at", split = ",", defaultValue = "0.25,0.5,0.75",
            description = "Where in the session the recorder is killed, as fractions (default: ${DEFAULT-VALUE}).")
    List<Double> killsAt;

    @Option(names = "--speed", defaultValue = "1",
            description = "The fish's speed, 1 = real time (default: ${DEFAULT-VALUE}).")
    double speed;

    @Mixin
    ChaosOutput output;

    @Override
    public Integer call() throws Exception {
        return output.execute((dir, progress) -> new RecorderKillScenario(new RecorderKillScenario.Options(dir,
                output.geometry(), volumes, speed, killsAt), progress).run());
    }
}
