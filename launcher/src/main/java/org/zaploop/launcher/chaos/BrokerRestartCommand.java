package org.zaploop.launcher.chaos;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.zaploop.launcher.cli.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zaploop chaos broker-restart}: see {@link BrokerRestartScenario}. */
@Command(name = "broker-restart", mixinStandardHelpOptions = true,
        description = "Restart the embedded broker while the demo's loop runs: every component must resume by "
                + "itself, the controller must issue nothing on stale data and go to its safe state during the "
                + "outage, and the loop must close again afterwards.")
public final class BrokerRestartCommand implements Callable<Integer> {

    @Option(names = "--running", defaultValue = "20s", converter = DurationConverter.class,
            description = "How long the closed loop runs before the broker stops (default: ${DEFAULT-VALUE}).")
    Duration running;

    @Option(names = "--outage", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long the broker stays down (default: ${DEFAULT-VALUE}).")
    Duration outage;

    @Option(names = "--recovery", defaultValue = "90s", converter = DurationConverter.class,
            description = "Longest wait for every component to produce again after the restart "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration recovery;

    @Option(names = "--components", split = ",", defaultValue = "fish,imaging,behavior,forecast,controller",
            description = "The loop's components in start order (default: ${DEFAULT-VALUE}).")
    List<String> components;

    @Option(names = "--during", defaultValue = "running", converter = PhaseConverter.class,
            description = "When the broker stops: 'running' (every component produces) or 'start-up' (as soon as "
                    + "the loop closes on behaviour, while the Kafka Streams processors may still be starting; "
                    + "--running then counts from there) (default: ${DEFAULT-VALUE}).")
    BrokerRestartScenario.Phase during;

    @Mixin
    ChaosOutput output;

    /** {@code running} or {@code start-up}. */
    static final class PhaseConverter implements picocli.CommandLine.ITypeConverter<BrokerRestartScenario.Phase> {
        @Override
        public BrokerRestartScenario.Phase convert(String value) {
            return switch (value) {
                case "running" -> BrokerRestartScenario.Phase.RUNNING;
                case "start-up" -> BrokerRestartScenario.Phase.START_UP;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "--during must be 'running' or 'start-up', got '" + value + "'");
            };
        }
    }

    @Override
    public Integer call() throws Exception {
        return output.execute((dir, progress) -> new BrokerRestartScenario(new BrokerRestartScenario.Options(dir,
                output.geometry(), components, Duration.ofSeconds(120), running, outage, recovery, during), progress)
                .run());
    }
}
