package org.zaploop.processors.imaging.topology;

import java.util.List;

import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

/**
 * Picks the re-segmentation requests ({@link RigEventKind#RESEGMENT}) out of {@code zl.rig.events} for
 * {@link ImagingTopology}. Other kinds are not the imaging processor's business; a malformed event is counted
 * ({@link ImagingCounters#malformedRigEvents}) and skipped, since dead-lettering rig events is the job of the
 * stages that own them (the gateway refuses them, the forecaster counts them too). Reads and writes no topic or
 * store.
 */
final class ResegmentRequests {

    private ResegmentRequests() {
    }

    /** The event as a one-element list when it is a re-segmentation request, else empty. */
    static List<RigEvent> of(byte[] value, ImagingCounters counters) {
        if (value == null) {
            counters.malformedRigEvents.incrementAndGet();
            return List.of();
        }
        try {
            RigEvent e = Topics.RIG_EVENTS.valueSerde().deserializer().deserialize(Topics.RIG_EVENTS.name(), value);
            return e.kind() == RigEventKind.RESEGMENT ? List.of(e) : List.of();
        } catch (MalformedRecordException | IllegalArgumentException ex) {
            counters.malformedRigEvents.incrementAndGet();
            return List.of();
        }
    }
}
