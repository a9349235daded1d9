package org.zaploop.protocol.fuzz;

/** What a reader did with one fuzzed input that kept its contract. */
public enum Verdict {
    /** Still a valid record (or array): read, and it survives a round trip. */
    ACCEPTED,
    /** Refused with a message naming the problem. */
    REJECTED
}
