package org.zaploop.protocol.codec;

import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.Limits;
import org.zaploop.protocol.records.SampleType;

/**
 * Binary format ZLEP of {@link EphysBlock} ({@code zl.ephys.blocks}). After the session string the header holds
 * {@code firstSample, acquisitionNs} (int64), {@code sampleRateHz} (float64), {@code channels, samples} (int32),
 * {@code sampleType} (uint8: 0 float32, 1 int16), {@code scale} (float32); then channels × samples values,
 * sample-major, as float32 or as int16 counts (value = float32(count × scale)).
 */
public final class EphysBlockCodec extends BinaryCodec<EphysBlock> {

    public static final String MAGIC = "ZLEP";
    static final int FIXED_BYTES = 3 * 8 + 2 * 4 + 1 + 4;

    public EphysBlockCodec() {
        super(MAGIC);
    }

    @Override
    EphysBlock read(BinaryReader r) {
        String session = r.string("session");
        long firstSample = r.i64("firstSample");
        long acquisitionNs = r.i64("acquisitionNs");
        double sampleRateHz = r.f64("sampleRateHz");
        int channels = r.i32In("channels", 1, Limits.MAX_CHANNELS);
        int samples = r.i32In("samples", 1, Limits.MAX_EPHYS_SAMPLES);
        int typeCode = r.u8("sampleType");
        float scale = r.f32("scale");
        if (typeCode >= SampleType.values().length) {
            throw r.fail("field 'sampleType': unknown value " + typeCode);
        }
        SampleType type = SampleType.values()[typeCode];
        long count = (long) channels * samples;
        if (count > Limits.MAX_EPHYS_VALUES) {
            throw r.fail("channels × samples = " + count + " exceeds " + Limits.MAX_EPHYS_VALUES);
        }
        int n = (int) count;
        float[] data;
        if (type == SampleType.FLOAT32) {
            r.endHeader(4L * n, "float32 sample");
            data = r.floats(n);
        } else {
            r.endHeader(2L * n, "int16 sample");
            short[] counts = r.shorts(n);
            data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = EphysBlock.dequantize(counts[i], scale);
            }
        }
        return new EphysBlock(session, firstSample, sampleRateHz, acquisitionNs, channels, samples, type, scale, data);
    }

    @Override
    byte[] write(EphysBlock e) {
        float[] data = e.data();
        boolean int16 = e.sampleType() == SampleType.INT16;
        BinaryWriter w = BinaryWriter.start(MAGIC, FIXED_BYTES, (int16 ? 2L : 4L) * data.length, e.session())
                .i64(e.firstSample()).i64(e.acquisitionNs()).f64(e.sampleRateHz())
                .i32(e.channels()).i32(e.samples()).u8(e.sampleType().ordinal()).f32(e.scale());
        if (int16) {
            short[] counts = new short[data.length];
            for (int i = 0; i < data.length; i++) {
                counts[i] = EphysBlock.quantize(data[i], e.scale());
            }
            w.shorts(counts);
        } else {
            w.floats(data);
        }
        return w.toBytes();
    }
}
