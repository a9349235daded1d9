package org.zaploop.launcher.chaos;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.zaploop.sim.fish.FishGeometry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every chaos subcommand shares (a picocli mixin): {@code --json}, {@code --scale}, a scratch directory
 * removed afterwards, progress on stderr, the report on stdout, exit code 0 when every check passed, 1 otherwise.
 */
public final class ChaosOutput {

    /** A scenario run in a scratch directory. */
    interface Scenario {
        ChaosReport run(Path scratch, Consumer<String> progress) throws Exception;
    }

    @Option(names = "--json", description = "Print one JSON object instead of the verdict table.")
    boolean json;

    /** The CI tests' fish: 96 × 64 × 6 voxels, 1,500 neurons, a volume every 0.6 s. */
    static final FishGeometry TINY = new FishGeometry(96, 64, 6, 8.7, 48, 0.6, 1500);

    @Option(names = "--scale", defaultValue = "small",
            description = "The virtual fish, where the scenario has one: tiny (96 × 64 × 6 voxels, 1,500 neurons: the "
                    + "CI tests' fish, for a busy machine), small (the demo's) or full (ZAPBench size) "
                    + "(default: ${DEFAULT-VALUE}).")
    String scale;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    FishGeometry geometry() {
        return "tiny".equals(scale) ? TINY : FishGeometry.named(scale);
    }

    int execute(Scenario scenario) throws Exception {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        Path scratch = Files.createTempDirectory("zaploop-chaos-" + command.name());
        try {
            ChaosReport r = scenario.run(scratch, line -> {
                err.println(line);
                err.flush();
            });
            r.print(out, json);
            return r.passed() ? 0 : 1;
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
