package org.zaploop.ingest.recorder;

/**
 * A well-formed record the archive cannot take (it contradicts what the archive already holds: another plane
 * geometry, another ephys layout, a trace block beyond the neuron count). The recorder sends it to
 * {@code zl.dlq} with this message as the reason.
 */
public final class RecordRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public RecordRejectedException(String message) {
        super(message);
    }
}
