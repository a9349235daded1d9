package org.zaploop.processors.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * This module's bench commands under one root, for running them without the launcher
 * ({@code java -cp ... org.zaploop.processors.bench.BenchCommands ephys --json}). The launcher registers the
 * subcommand classes under {@code zaploop bench} itself.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {BenchEphysCommand.class, BenchForecastCommand.class, BenchForecastStreamCommand.class},
        description = "stream-processors benchmarks")
public final class BenchCommands {

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new BenchCommands()).execute(args));
    }
}
