package org.zaploop.launcher.chaos;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code zaploop chaos SCENARIO}: fault injection with a pass/fail verdict table (exit 0 when every check holds,
 * 1 when one fails).
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Inject a fault into a running loop and check that nothing is lost: a verdict table "
                + "(or one JSON object with --json); exit 0 when every check passes, 1 otherwise.",
        subcommands = {ProcessorKillScenario.class, BrokerRestartCommand.class, RigReconnectCommand.class, RecorderKillCommand.class,
                BrokerLossCommand.class})
public final class ChaosCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
