package org.zaploop.load.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.zaploop.load.LoadProbe;
import org.zaploop.load.LoadScenario;

/**
 * {@code mixed}: several scenarios at once on one broker and one machine (by default whole-brain traces at 1 ×,
 * demo-scale volumes at 1 × and 6 kHz ephys through the closed loop). The volumes' traces also reach the
 * forecasting application, as in the real pipeline. A ramp changes the rates of the scenarios that can change
 * theirs; its p99 is taken from the first part's main stream.
 */
public final class MixedScenario implements LoadScenario {

    private final List<LoadScenario> parts;

    public MixedScenario(List<LoadScenario> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("mixed: at least one scenario");
        }
        this.parts = List.copyOf(parts);
    }

    @Override
    public String name() {
        return "mixed";
    }

    @Override
    public void start(String bootstrap, LoadProbe probe) throws Exception {
        for (LoadScenario s : parts) {
            s.start(bootstrap, probe);
        }
    }

    @Override
    public void rate(double multiplier) {
        parts.stream().filter(LoadScenario::rampable).forEach(s -> s.rate(multiplier));
    }

    @Override
    public boolean rampable() {
        return parts.stream().anyMatch(LoadScenario::rampable);
    }

    @Override
    public List<String> consumerGroups() {
        List<String> g = new ArrayList<>();
        parts.forEach(s -> g.addAll(s.consumerGroups()));
        return g;
    }

    @Override
    public String mainStream() {
        return parts.get(0).mainStream();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        parts.forEach(s -> m.putAll(s.settings()));
        return m;
    }

    @Override
    public List<String> notes() {
        List<String> n = new ArrayList<>();
        parts.forEach(s -> n.addAll(s.notes()));
        return n;
    }

    @Override
    public void close() {
        List<AutoCloseable> backwards = new ArrayList<>(parts);
        java.util.Collections.reverse(backwards);
        Closer.close(backwards.toArray(AutoCloseable[]::new));
    }
}
