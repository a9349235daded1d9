package org.zaploop.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Decision;

/**
 * The controller's meters, created once: {@code zaploop.controller.decisions{decision}},
 * {@code zaploop.controller.refusals{rule}} (refusals and safe-state fallbacks by rule; rules are a bounded set),
 * {@code zaploop.stage.latency{stage="controller"}} (input acquisition → command sent),
 * {@code zaploop.controller.input.age} (age of the newest input, s) and {@code zaploop.controller.dead.letters}.
 * Also keeps the latency of the last minute for the status line's p50/p99 ({@link RecentLatency}).
 */
public final class ControllerMeters {

    /** Stage: an input record read by the controller. */
    public static final String STAGE_IN = "controller-in";
    /** Stage: a command handed to the producer. */
    public static final String STAGE_SENT = "command-sent";

    private final MeterRegistry registry;
    private final Map<Decision, Counter> decisions = new EnumMap<>(Decision.class);
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
    private final Timer latency;
    private final Counter deadLetters;
    private final RecentLatency recent = new RecentLatency();
    private final ObjLongConsumer<String> stages;

    public ControllerMeters(MeterRegistry registry, Supplier<Number> inputAgeS) {
        this(registry, inputAgeS, (s, ns) -> { });
    }

    /**
     * @param stages told every input's {@value #STAGE_IN} and every command's {@value #STAGE_SENT} latency (ns
     *               since the acquisition of the newest data used): the loop benchmark's per-stage breakdown
     */
    public ControllerMeters(MeterRegistry registry, Supplier<Number> inputAgeS, ObjLongConsumer<String> stages) {
        this.registry = registry;
        this.stages = stages;
        for (Decision d : Decision.values()) {
            decisions.put(d, Counter.builder("zaploop.controller.decisions").tag("decision", d.name())
                    .description("controller decisions, as audited on zl.audit").register(registry));
        }
        for (String rule : org.zaploop.controller.safety.Rules.ALL) {
            refusals.put(rule, refusalCounter(rule));
        }
        this.latency = Timer.builder("zaploop.stage.latency").tags("stage", "controller", "data", "command")
                .description("input acquisition to command sent").publishPercentileHistogram()
                .register(registry);
        this.deadLetters = Counter.builder("zaploop.controller.dead.letters")
                .description("input records the controller sent to zl.dlq").register(registry);
        Gauge.builder("zaploop.controller.input.age", () -> inputAgeS.get().doubleValue()).baseUnit("seconds")
                .description("age of the newest input the controller has seen").register(registry);
    }

    public void decision(AuditRecord a) {
        decisions.get(a.decision()).increment();
        if (a.decision() != Decision.ISSUED && a.rule() != null) {
            refusals.computeIfAbsent(a.rule(), this::refusalCounter).increment();
        }
    }

    private Counter refusalCounter(String rule) {
        return Counter.builder("zaploop.controller.refusals").tag("rule", rule)
                .description("decisions a safety rule refused or turned into the safe state").register(registry);
    }

    /** An input read, {@code ns} after its acquisition. */
    public void inputNs(long ns) {
        stages.accept(STAGE_IN, ns);
    }

    public void latencyNs(long ns) {
        if (ns < 0) {
            return;
        }
        stages.accept(STAGE_SENT, ns);
        latency.record(ns, TimeUnit.NANOSECONDS);
        recent.recordNs(ns);
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    /** {p50 ms, p99 ms, count} of the latency over the last minute. */
    public double[] latencyMs() {
        return recent.snapshotMs();
    }
}
