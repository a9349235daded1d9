package org.zaploop.launcher.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code zaploop bench ...}: the benchmarks. Each prints a table, or one JSON object with {@code --json}.
 * Each module contributes its own benchmark command class; this only groups them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure speed and accuracy. Each benchmark prints a table, or one JSON object with --json.",
        subcommands = {org.zaploop.sim.bench.BenchSimCommand.class, BenchReplayCommand.class, BenchLoopCommand.class,
                org.zaploop.processors.bench.BenchEphysCommand.class,
                org.zaploop.processors.bench.BenchForecastCommand.class,
                org.zaploop.processors.bench.BenchForecastStreamCommand.class, BenchSegmentationCommand.class,
                BenchImagingCommand.class,
                org.zaploop.controller.bench.BenchPolicyCommand.class,
                org.zaploop.sim.twin.bench.BenchTwinCommand.class, BenchMpcCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
