package org.zaploop.protocol.codec;

import java.nio.ByteBuffer;

/**
 * Base of the binary codecs: turns every failure inside a decoder, including a record constructor's
 * {@link IllegalArgumentException}, into a {@link MalformedRecordException} that names the format.
 *
 * @param <T> the record type
 */
public abstract class BinaryCodec<T> implements Codec<T> {

    private final String magic;

    BinaryCodec(String magic) {
        this.magic = magic;
    }

    @Override
    public final String format() {
        return magic;
    }

    /** Reads the record; the reader has checked the preamble. */
    abstract T read(BinaryReader reader);

    /** Writes a valid record. */
    abstract byte[] write(T value);

    @Override
    public final byte[] encode(T value) {
        if (value == null) {
            throw new IllegalArgumentException(magic + ": cannot encode null");
        }
        return write(value);
    }

    @Override
    public final T decode(byte[] bytes) {
        if (bytes == null) {
            throw new MalformedRecordException(magic + ": null record");
        }
        return decode(ByteBuffer.wrap(bytes));
    }

    @Override
    public final T decode(ByteBuffer buffer) {
        try {
            BinaryReader reader = BinaryReader.open(magic, buffer);
            T value = read(reader);
            reader.finish();
            return value;
        } catch (MalformedRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedRecordException(magic + ": " + e.getMessage(), e);
        }
    }
}
