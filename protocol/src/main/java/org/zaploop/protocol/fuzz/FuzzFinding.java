package org.zaploop.protocol.fuzz;

/**
 * A broken contract that a fuzzer found: an input made a reader throw something other than its format exception,
 * or decode to a record that does not survive re-encoding. The message names the input so it replays exactly.
 */
public final class FuzzFinding extends RuntimeException {

    public FuzzFinding(String message, Throwable cause) {
        super(message, cause);
    }

    public FuzzFinding(String message) {
        super(message);
    }
}
