package org.zaploop.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.zaploop.processors.forecast.ArchiveForecasterProvider;
import org.zaploop.processors.forecast.Forecaster;
import org.zaploop.sim.twin.RecordedSession;
import org.zaploop.sim.twin.TwinModel;
import org.zaploop.sim.twin.TwinParams;

/**
 * {@code twin[:MODEL][@none|@causal]} for {@code bench forecast}: the digital twin on the archive's neuron table,
 * neutral or with a fitted model ({@code zaploop twin fit}). Its ΔF/F is compared against zero calcium
 * ({@code @none}: the traces are a virtual fish's true ΔF/F) or against a running baseline ({@code @causal}: traces
 * from imaging); by default {@code @none} when the archive holds {@code truth/} (a virtual fish export), as
 * {@code twin fit --baseline auto} does.
 */
public final class TwinForecasterProvider implements ArchiveForecasterProvider {

    @Override
    public boolean builds(String spec) {
        return spec.equals("twin") || spec.startsWith("twin:") || spec.startsWith("twin@");
    }

    @Override
    public Forecaster create(String spec, Path archive, int context, int horizon) throws IOException {
        RecordedSession s;
        try {
            s = RecordedSession.read(archive);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the twin forecaster needs a ZapLoop archive with a neuron table, "
                    + "traces and rig events: " + e.getMessage(), e);
        }
        String rest = spec.substring(4);
        String baseline = "auto";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            baseline = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        if (!baseline.equals("auto") && !baseline.equals("none") && !baseline.equals("causal")) {
            throw new IllegalArgumentException("twin forecaster: baseline must be @none or @causal, got @" + baseline);
        }
        TwinParams params = TwinParams.defaults(s.meta().volumePeriodS());
        if (baseline.equals("none") || baseline.equals("auto") && Files.isDirectory(archive.resolve("truth"))) {
            params = params.againstTruth();
        }
        TwinModel model = rest.startsWith(":") ? TwinModel.read(Path.of(rest.substring(1)))
                : TwinModel.neutral(s.map().regionNames());
        return new TwinForecaster(s, params, model, context, horizon);
    }
}
