package org.zaploop.protocol.codec;

import java.nio.ByteBuffer;

/**
 * Encodes one record type to its wire bytes and back (WIRE-FORMAT.md). Implementations are stateless and
 * thread-safe. {@link #decode} throws only {@link MalformedRecordException}.
 *
 * @param <T> the record type
 */
public interface Codec<T> {

    /** The format name used in messages and docs: a binary magic such as {@code ZLPL}, or a JSON record name. */
    String format();

    /** The wire bytes of a valid record; throws {@link IllegalArgumentException} for a null record. */
    byte[] encode(T value);

    /** Decodes a whole record; throws {@link MalformedRecordException} for anything it cannot accept. */
    T decode(byte[] bytes);

    /**
     * Decodes the bytes between the buffer's position and limit, without moving them. The default copies once;
     * binary codecs read the buffer directly.
     */
    default T decode(ByteBuffer buffer) {
        if (buffer == null) {
            throw new MalformedRecordException(format() + ": null record");
        }
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return decode(bytes);
    }
}
