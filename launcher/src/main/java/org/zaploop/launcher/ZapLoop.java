package org.zaploop.launcher;

import org.zaploop.launcher.cli.BenchBroker;
import org.zaploop.launcher.cli.BenchCommand;
import org.zaploop.launcher.cli.BrokerCommand;
import org.zaploop.launcher.cli.DemoCommand;
import org.zaploop.launcher.cli.FuzzCommand;
import org.zaploop.launcher.cli.FishCommand;
import org.zaploop.launcher.cli.RunCommand;
import org.zaploop.launcher.cli.StimulateCommand;
import org.zaploop.launcher.cli.TopicsCommand;
import org.zaploop.launcher.cli.TwinCommand;
import org.zaploop.launcher.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code zaploop} command. Exit codes: 0 ok, 1 failure (the message says what failed), 2 usage error.
 */
@Command(name = "zaploop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"ZapLoop: a streaming, real-time, closed-loop pipeline for whole-brain neuroscience on Kafka.",
                "",
                "Start with 'zaploop demo': a Kafka broker, the virtual fish and the whole loop in one process."},
        subcommands = {DemoCommand.class, BrokerCommand.class, TopicsCommand.class, RunCommand.class,
                FishCommand.class, StimulateCommand.class, org.zaploop.launcher.cli.SegmentCommand.class,
                org.zaploop.ingest.recorder.RecordCommand.class, org.zaploop.ingest.replay.ReplayCommand.class,
                org.zaploop.ingest.nwb.ExportNwbCommand.class, org.zaploop.controller.cli.AuditCommand.class, org.zaploop.launcher.cli.DeadLettersCommand.class,
                org.zaploop.controller.cli.StopCommand.class, org.zaploop.controller.cli.PolicyCommand.class,
                BenchCommand.class, TwinCommand.class, FuzzCommand.class,
                org.zaploop.launcher.chaos.ChaosCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the command failed (the message says why)", "2:usage error"})
public final class ZapLoop implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Every command accepts it; parsed once, applied to every Kafka client of the process. */
    @CommandLine.Option(names = "--kafka-config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "Kafka client settings for every Kafka client of this process (Java properties: "
                    + "security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore.location, ...); "
                    + "default: the file named by $ZAPLOOP_KAFKA_CONFIG, else none.")
    void kafkaConfig(java.nio.file.Path file) {
        org.zaploop.protocol.kafka.KafkaClientSettings.use(file);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line as tests and {@link #main} use it: parse, run, map exceptions to exit codes. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ZapLoop());
        // The ingest benchmark starts a throw-away embedded broker itself when no --bootstrap is given.
        cl.getSubcommands().get("bench").addSubcommand("ingest",
                new CommandLine(new org.zaploop.ingest.bench.BenchIngestCommand(BenchBroker::start)));
        // Load tests likewise run on a throw-away embedded broker unless --bootstrap points at a cluster.
        cl.addSubcommand("load", new CommandLine(new org.zaploop.load.LoadCommand(BenchBroker::start)));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("zaploop " + commandLine.getCommandName() + ": " + describe(ex));
            return 1;
        });
        return cl;
    }

    private static String describe(Throwable ex) {
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
