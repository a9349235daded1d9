package org.zaploop.launcher.chaos;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.zaploop.launcher.cli.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zaploop chaos broker-loss}: see {@link BrokerLossScenario}. */
@Command(name = "broker-loss", mixinStandardHelpOptions = true,
        description = "Run the loop on a three-broker cluster in this JVM (replication 3, min.insync.replicas 2) "
                + "with two instances of each processor, and lose one broker mid-stream: every plane, ephys sample "
                + "and frame's traces must be there once, and commands must keep flowing.")
public final class BrokerLossCommand implements Callable<Integer> {

    @Option(names = "--running", defaultValue = "20s", converter = DurationConverter.class,
            description = "How long the loop runs before the broker is lost, and again after (default: "
                    + "${DEFAULT-VALUE}).")
    Duration running;

    @Option(names = "--limit", defaultValue = "120s", converter = DurationConverter.class,
            description = "Longest wait for the loop to close and for the processors to drain (default: "
                    + "${DEFAULT-VALUE}).")
    Duration limit;

    @Option(names = "--processors", split = ",", defaultValue = "imaging,behavior,forecast",
            description = "The processors, each run as two instances (default: ${DEFAULT-VALUE}).")
    List<String> processors;

    @Mixin
    ChaosOutput output;

    @Override
    public Integer call() throws Exception {
        return output.execute((dir, progress) -> new BrokerLossScenario(new BrokerLossScenario.Options(dir,
                output.geometry(), processors, running, limit), progress).run());
    }
}
