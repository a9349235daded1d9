package org.zaploop.protocol.records;

import java.util.Arrays;

import org.zaploop.protocol.Names;

/**
 * A block of consecutive electrophysiology samples (tail ventral-root recordings, or a dense probe). Travels on
 * {@code zl.ephys.blocks}, key {@code session}, binary format ZLEP.
 *
 * <p>{@code data} is interleaved sample-major, as in the ZAPBench flat files: value of channel c at sample s is
 * {@code data[s * channels + c]}, in physical units. {@code firstSample} is the index of the first sample in
 * the session, so receivers see gaps and duplicates. With {@link SampleType#INT16} every value must be exactly
 * {@code float32(q × scale)} for an int16 q (build it with {@link #fromInt16}); that keeps the wire lossless.
 * With {@link SampleType#FLOAT32} the scale is 1. The array is not copied: the record owns it.
 *
 * @param session       session id
 * @param firstSample   session-wide index of the first sample in this block, from 0
 * @param sampleRateHz  samples per second per channel (ZAPBench: about 6 kHz)
 * @param acquisitionNs acquisition time of the first sample, ns since the Unix epoch
 * @param channels      channels per sample
 * @param samples       samples in this block
 * @param sampleType    wire representation
 * @param scale         physical units per int16 count; 1 for FLOAT32
 * @param data          channels × samples values, sample-major, finite
 */
public record EphysBlock(String session, long firstSample, double sampleRateHz, long acquisitionNs, int channels,
                         int samples, SampleType sampleType, float scale, float[] data) {

    public EphysBlock {
        Names.requireSession(session);
        Check.atLeast("firstSample", firstSample, 0);
        Check.finiteIn("sampleRateHz", sampleRateHz, Double.MIN_NORMAL, Limits.MAX_SAMPLE_RATE_HZ);
        Check.atLeast("acquisitionNs", acquisitionNs, 0);
        Check.range("channels", channels, 1, Limits.MAX_CHANNELS);
        Check.range("samples", samples, 1, Limits.MAX_EPHYS_SAMPLES);
        if ((long) channels * samples > Limits.MAX_EPHYS_VALUES) {
            throw new IllegalArgumentException("channels × samples = " + (long) channels * samples + " exceeds "
                    + Limits.MAX_EPHYS_VALUES);
        }
        Check.notNull("sampleType", sampleType);
        Check.notNull("data", data);
        Check.length("data", data.length, (long) channels * samples, "channels × samples");
        if (sampleType == SampleType.FLOAT32) {
            if (scale != 1f) {
                throw new IllegalArgumentException("field 'scale' must be 1 for FLOAT32, got " + scale);
            }
            Check.finite("data", data);
        } else {
            Check.finiteIn("scale", scale, Limits.MIN_INT16_SCALE, Limits.MAX_INT16_SCALE);
            for (int i = 0; i < data.length; i++) {
                if (Float.floatToIntBits(dequantize(quantize(data[i], scale), scale)) != Float.floatToIntBits(data[i])) {
                    throw new IllegalArgumentException("field 'data'[" + i + "] = " + data[i]
                            + " is not an int16 count times scale " + scale);
                }
            }
        }
    }

    /** Builds an INT16 block from raw counts; {@code counts} is sample-major like {@code data}. */
    public static EphysBlock fromInt16(String session, long firstSample, double sampleRateHz, long acquisitionNs,
                                       int channels, int samples, float scale, short[] counts) {
        float[] data = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            data[i] = dequantize(counts[i], scale);
        }
        return new EphysBlock(session, firstSample, sampleRateHz, acquisitionNs, channels, samples,
                SampleType.INT16, scale, data);
    }

    /** The wire count for a value: round(value / scale), clamped to int16 (exact for valid blocks). */
    public static short quantize(float value, float scale) {
        long q = Math.round(value / (double) scale);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, q));
    }

    /** The physical value of a count: float32(count × scale), the product taken in double precision. */
    public static float dequantize(short count, float scale) {
        return (float) (count * (double) scale);
    }

    /** Value of one channel at one sample of this block. */
    public float value(int sample, int channel) {
        return data[sample * channels + channel];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EphysBlock e && session.equals(e.session) && firstSample == e.firstSample
                && Double.compare(sampleRateHz, e.sampleRateHz) == 0 && acquisitionNs == e.acquisitionNs
                && channels == e.channels && samples == e.samples && sampleType == e.sampleType
                && Float.compare(scale, e.scale) == 0 && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        int h = session.hashCode();
        h = 31 * h + Long.hashCode(firstSample);
        h = 31 * h + Long.hashCode(acquisitionNs);
        h = 31 * h + channels;
        h = 31 * h + sampleType.hashCode();
        return 31 * h + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "EphysBlock[session=" + session + ", firstSample=" + firstSample + ", sampleRateHz=" + sampleRateHz
                + ", acquisitionNs=" + acquisitionNs + ", channels=" + channels + ", samples=" + samples
                + ", sampleType=" + sampleType + ", scale=" + scale + ", data=" + Check.summary(data) + "]";
    }
}
