package org.zaploop.launcher.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Unmatched;

/**
 * {@code zaploop bench replay}: ingest's replay benchmark, on a throw-away embedded broker unless {@code --bootstrap}
 * names a cluster. Every option is the replay benchmark's own ({@code zaploop bench replay --help}).
 */
@Command(name = "replay", description = "Replay a traces-only archive at maximum speed into Kafka and report frames/s "
        + "and × real time (on a throw-away embedded broker unless --bootstrap is given). --help lists its options.")
public final class BenchReplayCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine inner = new CommandLine(new org.zaploop.ingest.replay.BenchReplayCommand());
        inner.setOut(spec.commandLine().getOut());
        inner.setErr(spec.commandLine().getErr());
        inner.setCommandName("zaploop bench replay");
        if (args.contains("--bootstrap") || args.contains("--help") || args.contains("-h") || args.contains("-V")) {
            return inner.execute(args.toArray(String[]::new));
        }
        try (BenchBroker broker = BenchBroker.start()) {
            List<String> withBroker = new ArrayList<>(args);
            withBroker.add("--bootstrap");
            withBroker.add(broker.bootstrap());
            return inner.execute(withBroker.toArray(String[]::new));
        }
    }
}
