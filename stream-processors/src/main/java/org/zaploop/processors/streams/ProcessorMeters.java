package org.zaploop.processors.streams;

import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reports a processor's status figures to Micrometer, the same way whether it runs as a Kafka Streams application
 * or as a plain consumer loop, so the dashboards see one set of names: a cumulative count as the counter
 * {@code zaploop.processor.events{processor, figure}} ({@code zaploop_processor_events_total}), a level as the gauge
 * {@code zaploop.processor.level{processor, figure}}, and a count named {@code deadLetters.<reason>} as the counter
 * {@code zaploop.processor.dead.letters{processor, reason}}. The figures present at binding time are reported.
 */
public final class ProcessorMeters {

    /** Status figures named {@code deadLetters.<reason>} count dead letters of one reason (a small, fixed set). */
    public static final String DEAD_LETTERS = "deadLetters.";

    private ProcessorMeters() {
    }

    /** Floating-point figures are levels (means, shifts), integer ones cumulative counts. */
    public static boolean floatingPointIsLevel(String figure, Number value) {
        return value instanceof Double || value instanceof Float;
    }

    /**
     * @param processor the processor's name (the {@code processor} tag)
     * @param owner     the running processor; meters hold it weakly, as Micrometer does, so it must stay referenced
     * @param status    its current status figures; non-numeric ones are skipped
     * @param isLevel   which numeric figures may go down (gauges) rather than only grow (counters)
     */
    public static <T> void bind(String processor, T owner, Function<T, Map<String, Object>> status,
                                BiPredicate<String, Number> isLevel, MeterRegistry meters) {
        for (Map.Entry<String, Object> e : status.apply(owner).entrySet()) {
            if (!(e.getValue() instanceof Number n)) {
                continue;
            }
            String figure = e.getKey();
            if (isLevel.test(figure, n)) {
                Gauge.builder("zaploop.processor.level", owner, o -> value(status.apply(o).get(figure)))
                        .description("a level among a processor's status figures (mean times, shifts, sizes)")
                        .tags("processor", processor, "figure", figure)
                        .register(meters);
            } else if (figure.startsWith(DEAD_LETTERS)) {
                FunctionCounter.builder("zaploop.processor.dead.letters", owner, o -> value(status.apply(o).get(figure)))
                        .description("records a processor sent to the dead-letter topic, by reason")
                        .tags("processor", processor, "reason", figure.substring(DEAD_LETTERS.length()))
                        .register(meters);
            } else {
                FunctionCounter.builder("zaploop.processor.events", owner, o -> value(status.apply(o).get(figure)))
                        .description("a cumulative count among a processor's status figures (records, bouts, gaps …)")
                        .tags("processor", processor, "figure", figure)
                        .register(meters);
            }
        }
    }

    private static double value(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
