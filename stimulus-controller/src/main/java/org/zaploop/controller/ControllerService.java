package org.zaploop.controller;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zaploop.controller.http.ControlFile;
import org.zaploop.controller.http.StopEndpoint;
import org.zaploop.controller.kafka.ControllerInputs;
import org.zaploop.controller.kafka.KafkaClients;
import org.zaploop.controller.kafka.KafkaDecisionSink;
import org.zaploop.controller.loop.DecisionLoop;
import org.zaploop.controller.loop.LoopStats;
import org.zaploop.controller.policy.Policies;
import org.zaploop.controller.policy.Policy;
import org.zaploop.controller.safety.SafetyEnvelope;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.StimulusCommand;
import org.zaploop.protocol.realtime.LoopThreads;

/**
 * The stimulus controller for one session, as the launcher runs it: reads {@code zl.behavior},
 * {@code zl.traces}, {@code zl.forecasts} (those its policy needs) and {@code zl.rig.events}; writes
 * {@code zl.stimulus.commands}, {@code zl.audit} and {@code zl.dlq}; serves the stop endpoint on loopback.
 *
 * <pre>{@code
 * try (ControllerService c = new ControllerService(ControllerConfig.defaults(bootstrap, session), registry)) {
 *     c.start();
 *     ... c.status() ...
 * }
 * }</pre>
 */
public final class ControllerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerService.class);

    private final ControllerConfig config;
    private final MeterRegistry registry;
    private io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics inputMetrics;
    private final Consumer<String> announce;
    private final Policy policy;
    private final SafetyEnvelope safety;
    private DecisionLoop loop;
    private ControllerMeters meters;
    private KafkaProducer<String, byte[]> producer;
    private KafkaDecisionSink sink;
    private ControllerInputs inputs;
    private StopEndpoint http;
    private boolean closed;
    private ObjLongConsumer<String> stages = (s, ns) -> { };
    private Path controlDir;

    /** Prints a generated stop token once to standard output. */
    public ControllerService(ControllerConfig config, MeterRegistry registry) {
        this(config, registry, System.out::println);
    }

    /**
     * @param announce takes the one line that shows a generated stop token (printed once, never logged); the
     *                 launcher passes its status stream
     */
    public ControllerService(ControllerConfig config, MeterRegistry registry, Consumer<String> announce) {
        this.config = config;
        this.registry = registry;
        this.announce = announce;
        this.policy = Policies.create(config.policy(), config.policyParams()); // bad params fail here, early
        this.safety = new SafetyEnvelope(config.limits());
    }

    /**
     * Before {@link #start}: who is told each input's and each command's latency since acquisition (stages
     * {@link ControllerMeters#STAGE_IN}, {@link ControllerMeters#STAGE_SENT}); the loop benchmark's breakdown.
     */
    public ControllerService observeStages(ObjLongConsumer<String> observer) {
        this.stages = observer;
        return this;
    }

    /**
     * Before {@link #start}: also write the endpoint's URL and token to {@link ControlFile#path}{@code (dir, session)}
     * (owner-only, deleted at close), so that {@code zaploop stimulate} and {@code zaploop stop} on this machine
     * find the controller of a session without being given the token.
     */
    public ControllerService publishControlFile(Path dir) {
        this.controlDir = dir;
        return this;
    }

    /** Starts the input thread and the stop endpoint; throws with a plain message if it cannot. */
    public synchronized ControllerService start() {
        if (loop != null || closed) {
            throw new IllegalStateException("already started");
        }
        meters = new ControllerMeters(registry, this::inputAgeS, stages);
        // the producer's I/O thread is a loop thread: commands are the loop
        producer = LoopThreads.creating(() -> KafkaClients.producer(config.bootstrap(),
                "zaploop-controller-" + config.session()));
        // fetch the output topics' metadata now, so that the first command does not wait for it
        producer.partitionsFor(org.zaploop.protocol.Topics.STIMULUS_COMMANDS.name());
        producer.partitionsFor(org.zaploop.protocol.Topics.AUDIT.name());
        sink = new KafkaDecisionSink(producer, meters);
        loop = new DecisionLoop(config.session(), policy, safety, sink, ZapLoopClock::nowNs, config.validityMs());
        boolean generated = config.httpToken() == null;
        String token = generated ? StopEndpoint.newToken() : config.httpToken();
        try {
            http = new StopEndpoint(config.httpHost(), config.httpPort(), token, loop, this::status);
        } catch (IOException e) {
            producer.close(Duration.ofSeconds(5));
            throw new UncheckedIOException("cannot serve the stop endpoint on " + config.httpHost() + ":"
                    + config.httpPort() + ": " + e.getMessage(), e);
        }
        try {
            var in = KafkaClients.consumer(config.bootstrap(), "zaploop-controller-in-" + config.session());
            // fetch lag and latency of the inputs, as the processors report theirs
            inputMetrics = new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(in);
            inputMetrics.bindTo(registry);
            inputs = new ControllerInputs(in, producer, loop, meters, config.tickMs());
            inputs.start(ControllerInputs.topicsFor(policy.needs()), Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        java.nio.file.Path controlFile = null;
        if (controlDir != null) {
            try {
                new ControlFile(http.url(), token).write(controlDir, config.session());
                controlFile = ControlFile.path(controlDir, config.session());
            } catch (IOException e) {
                LOG.warn("could not write the control file under {} ({}): operator commands need --url and --token",
                        controlDir, e.toString());
            }
        }
        LOG.info("controller for session {} started: policy {} {}, validity {} ms, stop endpoint {}/control/stop",
                config.session(), policy.name(), policy.params(), loop.validityMs(), http.url());
        if (generated && controlFile != null) {
            // The token stays in the owner-only file: announcements may end up in logs, tokens must not.
            announce.accept(String.format("Controller stop endpoint: %s/control/stop, token in %s (yours only): "
                    + "zaploop stop --session %s", http.url(), controlFile, config.session()));
        } else if (generated) {
            announce.accept(String.format("Controller stop endpoint: curl -X POST -H 'Authorization: Bearer %s' "
                    + "%s/control/stop  (or: zaploop stop --url %s --token %s)", token, http.url(), http.url(), token));
        }
        return this;
    }

    /** The stop endpoint's base URL (no token), once started. */
    public String stopUrl() {
        return http == null ? null : http.url();
    }

    /** The decision loop (for the launcher's in-process wiring and tests), once started. */
    public DecisionLoop loop() {
        return loop;
    }

    /** The policy deciding now (the operator may have changed it at run time). */
    public Policy policy() {
        return loop == null ? policy : loop.policy();
    }

    /**
     * A few figures: decisions (by kind), refusals by rule, clamps, holds, the current stimulus and its seq, last
     * input age (ms), loop latency p50/p99 (ms, behaviour acquisition → command sent), dead letters, manual stop.
     */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", policy().name());
        if (loop == null) {
            m.put("running", false);
            return m;
        }
        LoopStats s = loop.stats();
        m.put("running", inputs != null && inputs.alive());
        m.put("decisions", s.totalDecisions());
        Map<String, Object> byKind = new LinkedHashMap<>();
        for (Decision d : Decision.values()) {
            byKind.put(d.name(), s.decisions(d));
        }
        m.put("byDecision", byKind);
        m.put("refusals", s.refusals());
        m.put("clamped", s.clamped());
        m.put("holds", s.holds());
        StimulusCommand c = s.current();
        m.put("stimulus", c == null ? "none" : c.stimulus().name());
        m.put("params", c == null ? Map.of() : c.params());
        m.put("seq", c == null ? -1 : c.seq());
        long newest = s.newestInputNs();
        m.put("inputAgeMs", newest < 0 ? null : (ZapLoopClock.nowNs() - newest) / 1_000_000L);
        double[] lat = meters.latencyMs();
        m.put("latencyP50Ms", round(lat[0]));
        m.put("latencyP99Ms", round(lat[1]));
        m.put("stopped", safety.manualStop().stopped());
        m.put("deadLetters", inputs == null ? 0 : inputs.rejected());
        m.put("sendErrors", sink.sendErrors());
        m.put("stopUrl", http == null ? null : http.url() + "/control/stop");
        return m;
    }

    private Number inputAgeS() {
        long newest = loop == null ? -1 : loop.stats().newestInputNs();
        return newest < 0 ? Double.NaN : (ZapLoopClock.nowNs() - newest) / 1e9;
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
    }

    /**
     * Stops reading and the endpoint, puts the rig in its safe state if it is presenting something (audited, rule
     * {@code shutdown}), and flushes what was produced.
     */
    @Override
    public synchronized void close() {
        if (inputs != null) {
            inputs.close();
            inputs = null;
        }
        if (inputMetrics != null) {
            inputMetrics.close();
            inputMetrics = null;
        }
        if (loop != null && producer != null && !closed) {
            try {
                loop.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("could not send the safe state at shutdown: {}", e.toString());
            }
        }
        if (http != null) {
            http.close();
        }
        if (controlDir != null && !closed) {
            try {
                Files.deleteIfExists(ControlFile.path(controlDir, config.session()));
            } catch (IOException e) {
                LOG.warn("could not delete the control file: {}", e.toString());
            }
        }
        closed = true;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
