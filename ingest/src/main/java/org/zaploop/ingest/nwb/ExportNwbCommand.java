package org.zaploop.ingest.nwb;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.zaploop.protocol.archive.SessionArchive;

/**
 * {@code zaploop export-nwb ARCHIVE OUT.nwb}: writes a session archive as an NWB 2.7 file (layout in
 * {@link NwbExporter}). Large sessions are exported as a documented subset (the first volumes / frames / samples
 * that fit {@code --max-mb}); the summary says what was cut. Exit codes: 0 ok, 1 failure (unreadable archive,
 * cannot write: the message says which), 2 usage.
 */
@Command(name = "export-nwb", mixinStandardHelpOptions = true,
        description = "Export a session archive to an NWB 2.x (HDF5) file: raw volumes, ΔF/F with the neuron table, "
                + "ephys, stimulus intervals.")
public final class ExportNwbCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The session archive directory.")
    Path archive;

    @Parameters(index = "1", paramLabel = "OUT.nwb", description = "The NWB file to write (replaced).")
    Path out;

    @Option(names = "--max-mb", defaultValue = "1024",
            description = "Most megabytes of array data to write (held in memory); default ${DEFAULT-VALUE}.")
    long maxMb;

    @Option(names = "--raw-frames", defaultValue = "-1",
            description = "Raw volumes to write at most (default: as many as fit).")
    long rawFrames;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (maxMb < 1) {
            err.println("export-nwb: --max-mb must be at least 1");
            return 2;
        }
        try {
            SessionArchive a = SessionArchive.open(archive);
            NwbExporter.Summary s = NwbExporter.export(a, out, new NwbExporter.Options(maxMb << 20, rawFrames));
            o.printf("Wrote %s: %d volumes, %d trace frames × %d neurons, %d ephys samples, %d stimulus intervals%s%n",
                    out, s.rawFrames(), s.traceFrames(), s.neurons(), s.ephysSamples(), s.intervals(),
                    s.cut().isEmpty() ? "" : " (subset: " + String.join("; ", s.cut()) + ")");
            o.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("export-nwb: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("export-nwb: not enough memory for the data: lower --max-mb or raise -Xmx");
            return 1;
        }
    }
}
