package org.zaploop.processors.streams;

import org.zaploop.protocol.records.DeadLetter;

/**
 * A record decoded inside a topology: either the value, or the dead letter that says why it could not be.
 * Lives only between two nodes of one sub-topology (never serialised).
 */
public record Decoded<V>(V value, DeadLetter dead) {

    public boolean ok() {
        return dead == null;
    }
}
