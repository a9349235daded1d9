package org.zaploop.protocol.codec;

import java.nio.ByteBuffer;

import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.Limits;

/**
 * Binary format ZLFC of {@link ForecastBlock} ({@code zl.forecasts}). After the strings {@code session} and
 * {@code forecaster} the header holds {@code frame, acquisitionNs} (int64), {@code block, firstNeuron,
 * neuronCount, context, horizon} (int32); then horizon × neuronCount float32 values, [step][neuron].
 */
public final class ForecastBlockCodec extends BinaryCodec<ForecastBlock> {

    public static final String MAGIC = "ZLFC";
    static final int FIXED_BYTES = 2 * 8 + 5 * 4;

    public ForecastBlockCodec() {
        super(MAGIC);
    }

    /**
     * The forecaster name of ZLFC bytes, read from the header alone: lets a reader pass over forecasts it does not
     * want without decoding their values. Throws {@link MalformedRecordException} if the header cannot be read.
     */
    public static String forecaster(byte[] bytes) {
        try {
            BinaryReader r = BinaryReader.open(MAGIC, bytes == null ? null : ByteBuffer.wrap(bytes));
            r.string("session");
            return r.string("forecaster");
        } catch (MalformedRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedRecordException(MAGIC + ": " + e.getMessage(), e);
        }
    }

    @Override
    ForecastBlock read(BinaryReader r) {
        String session = r.string("session");
        String forecaster = r.string("forecaster");
        long frame = r.i64("frame");
        long acquisitionNs = r.i64("acquisitionNs");
        int block = r.i32("block");
        int firstNeuron = r.i32("firstNeuron");
        int n = r.i32In("neuronCount", 1, Limits.MAX_NEURONS_PER_BLOCK);
        int context = r.i32("context");
        int horizon = r.i32In("horizon", 1, Limits.MAX_HORIZON);
        long count = (long) n * horizon;
        if (count > Limits.MAX_FORECAST_VALUES) {
            throw r.fail("horizon × neuronCount = " + count + " exceeds " + Limits.MAX_FORECAST_VALUES);
        }
        r.endHeader(4L * count, "float32 forecast");
        float[] values = r.floats((int) count);
        return new ForecastBlock(session, forecaster, frame, block, firstNeuron, n, context, horizon, acquisitionNs,
                values);
    }

    @Override
    byte[] write(ForecastBlock f) {
        return BinaryWriter.start(MAGIC, FIXED_BYTES, 4L * f.values().length, f.session(), f.forecaster())
                .i64(f.frame()).i64(f.acquisitionNs())
                .i32(f.block()).i32(f.firstNeuron()).i32(f.neuronCount()).i32(f.context()).i32(f.horizon())
                .floats(f.values())
                .toBytes();
    }
}
