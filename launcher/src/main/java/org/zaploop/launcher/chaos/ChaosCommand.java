package org.zaploop.launcher.chaos;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop chaos SCENARIO}: fault injection against real processes and a real broker, each scenario ending in a
 * pass/fail verdict table (or one JSON object with {@code --json}). Exit codes: 0 pass, 1 fail, 2 usage.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Fault scenarios with a pass/fail verdict: kill, restart and disconnect parts of the loop and "
                + "check that nothing is lost, duplicated or changed.",
        subcommands = {
                ProcessorKillScenario.class,
        })
public final class ChaosCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
