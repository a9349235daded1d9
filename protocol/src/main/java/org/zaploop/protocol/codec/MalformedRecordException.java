package org.zaploop.protocol.codec;

/**
 * The one exception every ZapLoop decoder throws for input it cannot accept: truncated, oversized, bad
 * magic, unknown version, shape mismatch, forbidden NaN, unknown enum value, missing or unknown JSON field.
 *
 * <p>The message starts with the format ({@code ZLPL}, {@code ZLTR}, ..., or the JSON record name) and names
 * the problem, e.g. {@code "ZLPL: truncated: header says 5439488 pixel bytes, 120 present"} or
 * {@code "StimulusCommand: field 'stimulus': unknown value 'LASERZ'"}. Consumers put it in the
 * {@code reason} of a dead letter on {@code zl.dlq} and carry on with the stream.
 */
public class MalformedRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
        super(message);
    }

    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
