package org.zaploop.processors.forecast.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One block's contribution to a forecaster's online score at one target frame: Σ|error| and neuron count per
 * step. Travels only on the internal repartition topic {@code forecast-score-partials} (key session), in a small
 * private binary form (not part of the wire contract).
 */
record ScorePartial(String session, String forecaster, int condition, long frame, long acquisitionNs, int context,
                    double[] absSum, long[] count) {

    static final Serde<ScorePartial> SERDE = new SerdeImpl();

    private static final class SerdeImpl implements Serde<ScorePartial>, Serializer<ScorePartial>,
            Deserializer<ScorePartial> {

        @Override
        public byte[] serialize(String topic, ScorePartial p) {
            if (p == null) {
                return null;
            }
            byte[] s = p.session.getBytes(StandardCharsets.UTF_8);
            byte[] f = p.forecaster.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(4 + s.length + 4 + f.length + 4 + 8 + 8 + 4 + 4 + p.absSum.length * 16);
            b.putInt(s.length).put(s).putInt(f.length).put(f).putInt(p.condition).putLong(p.frame)
                    .putLong(p.acquisitionNs).putInt(p.context).putInt(p.absSum.length);
            for (int h = 0; h < p.absSum.length; h++) {
                b.putDouble(p.absSum[h]).putLong(p.count[h]);
            }
            return b.array();
        }

        @Override
        public ScorePartial deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            byte[] s = new byte[b.getInt()];
            b.get(s);
            byte[] f = new byte[b.getInt()];
            b.get(f);
            int condition = b.getInt();
            long frame = b.getLong();
            long ns = b.getLong();
            int context = b.getInt();
            int h = b.getInt();
            double[] sum = new double[h];
            long[] count = new long[h];
            for (int i = 0; i < h; i++) {
                sum[i] = b.getDouble();
                count[i] = b.getLong();
            }
            return new ScorePartial(new String(s, StandardCharsets.UTF_8), new String(f, StandardCharsets.UTF_8),
                    condition, frame, ns, context, sum, count);
        }

        @Override
        public Serializer<ScorePartial> serializer() {
            return this;
        }

        @Override
        public Deserializer<ScorePartial> deserializer() {
            return this;
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
        }

        @Override
        public void close() {
        }
    }
}
