package org.zaploop.processors.probe.topology;

import java.util.Map;

import org.zaploop.processors.probe.SpikeRates;
import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.processors.streams.StreamsRunner;

/**
 * Runs {@link ProbeTopology} (dense-probe zl.ephys.blocks → unit rates on zl.traces under {@code <session>.units})
 * as its own Streams application, by default on the fast path, application id {@code zaploop-probe}.
 */
public final class ProbeRunner extends StreamsRunner {

    private final ProbeTopology.Counters counters;

    public ProbeRunner() {
        this(RunnerConfig.fast("zaploop-probe"), SpikeRates.Config.defaults());
    }

    public ProbeRunner(RunnerConfig config, SpikeRates.Config rates) {
        this(config, rates, new ProbeTopology.Counters());
    }

    private ProbeRunner(RunnerConfig config, SpikeRates.Config rates, ProbeTopology.Counters counters) {
        super("probe", b -> ProbeTopology.addTo(b, rates, counters), config);
        this.counters = counters;
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = super.status();
        m.put("blocks", counters.blocks.get());
        m.put("bins", counters.bins.get());
        m.put("gaps", counters.gaps.get());
        m.put("duplicates", counters.duplicates.get());
        return m;
    }
}
