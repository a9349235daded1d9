package org.zaploop.protocol.archive.zarr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code zarr.json} says about an array: shape, regular chunk shape, data type, fill value, codec
 * pipeline, chunk key encoding, dimension names and attributes. Immutable; {@code with...} methods copy. Build
 * one with {@link #of} and refine it:
 * <pre>{@code ArraySpec.of(DataType.FLOAT32, new long[] {7879, 71721}, new int[] {512, 512}).withFill(Float.NaN)}</pre>
 * Reads and writes no topic or store.
 *
 * @param shape          array shape, each ≥ 0
 * @param chunkShape     regular chunk shape, each ≥ 1, same rank; one chunk at most 2^31 − 1 bytes
 * @param dataType       element type
 * @param fillBits       fill value as raw element bits ({@link DataType#bitsOf}); missing chunks read as it
 * @param codecs         codec pipeline: transposes, one {@link Codec.Bytes}, then bytes→bytes codecs
 * @param keyEncoding    chunk key encoding
 * @param dimensionNames one name (or null) per dimension, or null for none
 * @param attributes     user attributes (JSON values: maps, lists, strings, numbers, booleans, null)
 */
public record ArraySpec(long[] shape, int[] chunkShape, DataType dataType, long fillBits, List<Codec> codecs,
                        ChunkKeyEncoding keyEncoding, List<String> dimensionNames, Map<String, Object> attributes) {

    public ArraySpec {
        if (shape == null || chunkShape == null || dataType == null || codecs == null || keyEncoding == null) {
            throw new IllegalArgumentException("shape, chunkShape, dataType, codecs and keyEncoding are required");
        }
        shape = shape.clone();
        chunkShape = chunkShape.clone();
        if (shape.length != chunkShape.length) {
            throw new IllegalArgumentException("chunk shape " + Arrays.toString(chunkShape)
                    + " has a different rank than shape " + Arrays.toString(shape));
        }
        long chunkBytes = dataType.size();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative extent");
            }
            if (chunkShape[i] < 1) {
                throw new IllegalArgumentException("chunk shape " + Arrays.toString(chunkShape)
                        + " has an extent below 1");
            }
            chunkBytes *= chunkShape[i];
            if (chunkBytes > Integer.MAX_VALUE - 64) {
                throw new IllegalArgumentException("chunk shape " + Arrays.toString(chunkShape) + " of " + dataType
                        + " exceeds 2 GiB per chunk");
            }
        }
        codecs = List.copyOf(codecs);
        CodecPipeline.validate(codecs, shape.length, dataType);
        if (dimensionNames != null) {
            if (dimensionNames.size() != shape.length) {
                throw new IllegalArgumentException("dimension_names has " + dimensionNames.size()
                        + " entries for rank " + shape.length);
            }
            dimensionNames = Collections.unmodifiableList(new ArrayList<>(dimensionNames));
        }
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        dataType.valueOf(fillBits);
    }

    /** A spec with fill value 0, codec {@code bytes} little-endian, keys {@code c/i/j}, no names or attributes. */
    public static ArraySpec of(DataType dataType, long[] shape, int[] chunkShape) {
        return new ArraySpec(shape, chunkShape, dataType, 0L, List.of(Codec.Bytes.LITTLE), ChunkKeyEncoding.DEFAULT,
                null, Map.of());
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public int[] chunkShape() {
        return chunkShape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Extent of dimension {@code d}. */
    public long shape(int d) {
        return shape[d];
    }

    /** Chunk extent along dimension {@code d}. */
    public int chunkShape(int d) {
        return chunkShape[d];
    }

    /** Elements in one (full-size) chunk. */
    public int chunkElements() {
        int n = 1;
        for (int c : chunkShape) {
            n *= c;
        }
        return n;
    }

    /** Bytes of one decoded chunk. */
    public int chunkBytes() {
        return chunkElements() * dataType.size();
    }

    /** Chunks along each dimension. */
    public long[] chunkGridShape() {
        long[] g = new long[shape.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = shape[i] / chunkShape[i] + (shape[i] % chunkShape[i] == 0 ? 0 : 1); // no overflow near 2^63
        }
        return g;
    }

    /** The fill value as a double ({@link DataType#valueOf}). */
    public double fillValue() {
        return dataType.valueOf(fillBits);
    }

    public ArraySpec withShape(long... newShape) {
        return new ArraySpec(newShape, chunkShape, dataType, fillBits, codecs, keyEncoding, dimensionNames,
                attributes);
    }

    /** This spec with fill value {@code value} (use {@code Float.NaN} for NaN). */
    public ArraySpec withFill(double value) {
        return withFillBits(dataType.bitsOf(value));
    }

    public ArraySpec withFillBits(long bits) {
        return new ArraySpec(shape, chunkShape, dataType, bits, codecs, keyEncoding, dimensionNames, attributes);
    }

    public ArraySpec withCodecs(Codec... newCodecs) {
        return new ArraySpec(shape, chunkShape, dataType, fillBits, List.of(newCodecs), keyEncoding, dimensionNames,
                attributes);
    }

    public ArraySpec withKeyEncoding(ChunkKeyEncoding encoding) {
        return new ArraySpec(shape, chunkShape, dataType, fillBits, codecs, encoding, dimensionNames, attributes);
    }

    public ArraySpec withDimensionNames(String... names) {
        return new ArraySpec(shape, chunkShape, dataType, fillBits, codecs, keyEncoding,
                names == null ? null : Arrays.asList(names), attributes);
    }

    public ArraySpec withAttributes(Map<String, Object> attrs) {
        return new ArraySpec(shape, chunkShape, dataType, fillBits, codecs, keyEncoding, dimensionNames, attrs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArraySpec s && Arrays.equals(shape, s.shape) && Arrays.equals(chunkShape, s.chunkShape)
                && dataType == s.dataType && fillBits == s.fillBits && codecs.equals(s.codecs)
                && keyEncoding.equals(s.keyEncoding) && java.util.Objects.equals(dimensionNames, s.dimensionNames)
                && attributes.equals(s.attributes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(chunkShape)) + dataType.hashCode();
    }

    @Override
    public String toString() {
        return "ArraySpec[shape=" + Arrays.toString(shape) + ", chunks=" + Arrays.toString(chunkShape) + ", "
                + dataType + ", fill=" + fillValue() + ", codecs=" + codecs + ", keys=" + keyEncoding.name() + "'"
                + keyEncoding.separator() + "']";
    }
}
