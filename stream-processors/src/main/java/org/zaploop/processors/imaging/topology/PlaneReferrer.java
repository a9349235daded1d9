package org.zaploop.processors.imaging.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import org.zaploop.protocol.records.Plane;

/**
 * A decoded plane of {@code zl.imaging.planes} → its {@link PlaneRef} keyed by session, for the task that gathers
 * the session's frames; the plane itself is left in {@link RecentPlanes} for that task to take, so it does not
 * cross the broker again. Runs on the plane partitions (key session/z).
 */
final class PlaneReferrer implements Processor<String, Plane, String, PlaneRef> {

    private final RecentPlanes recent;
    private ProcessorContext<String, PlaneRef> context;

    PlaneReferrer(RecentPlanes recent) {
        this.recent = recent;
    }

    @Override
    public void init(ProcessorContext<String, PlaneRef> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Plane> record) {
        Plane p = record.value();
        RecordMetadata m = context.recordMetadata().orElseThrow(
                () -> new IllegalStateException("a plane without a source partition and offset"));
        recent.put(m.partition(), m.offset(), p, context.currentSystemTimeMs());
        context.forward(record.withKey(p.session()).withValue(
                new PlaneRef(p.session(), p.frame(), p.z(), m.partition(), m.offset())));
    }
}
