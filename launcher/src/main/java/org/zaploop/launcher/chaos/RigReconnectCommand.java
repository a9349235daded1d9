package org.zaploop.launcher.chaos;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zaploop chaos rig-reconnect}: see {@link RigReconnectScenario}. */
@Command(name = "rig-reconnect", mixinStandardHelpOptions = true,
        description = "A rig on its own clock streams to the ingest gateway, disconnects and reconnects: everything "
                + "it sent must be in Kafka once, the session must continue, and the clock offset must be measured "
                + "again on each new connection.")
public final class RigReconnectCommand implements Callable<Integer> {

    @Option(names = "--blocks", defaultValue = "2000",
            description = "Ephys blocks (10 ms, 2 channels) sent per connection (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--reconnections", defaultValue = "3",
            description = "How many times the rig drops the connection and comes back (default: ${DEFAULT-VALUE}).")
    int reconnections;

    @Option(names = "--clock-step-ms", defaultValue = "500",
            description = "How far the rig's clock moves while it is disconnected, ms (default: ${DEFAULT-VALUE}).")
    long clockStepMs;

    @Mixin
    ChaosOutput output;

    @Override
    public Integer call() throws Exception {
        return output.execute((dir, progress) -> new RigReconnectScenario(new RigReconnectScenario.Options(dir,
                blocks, reconnections, clockStepMs * 1_000_000L), progress).run());
    }
}
