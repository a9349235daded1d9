package org.zaploop.processors.forecast.topology;

import java.nio.ByteBuffer;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import org.zaploop.processors.forecast.ForecastErrors;
import org.zaploop.protocol.records.ForecastScore;

/**
 * Sums the blocks' score partials per session, forecaster and condition (and over all conditions, −1) in
 * {@value ForecastTopology#SCORE_STORE} (key {@code session/forecaster/condition}); when the first partial of a
 * newer target frame arrives, publishes the running MAE per step (Σ|error| / neuron count) up to the previous
 * frame as a {@link ForecastScore}, so each key's score is published once per frame, and hands it to the
 * {@link ScoreBoard} (meters, status line, log). Partials of an unknown condition (−1) count only towards all.
 */
final class ScoreAggregator implements Processor<String, ScorePartial, String, ForecastScore> {

    private final ForecastCounters counters;
    private ProcessorContext<String, ForecastScore> context;
    private KeyValueStore<String, byte[]> store;

    ScoreAggregator(ForecastCounters counters) {
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, ForecastScore> context) {
        this.context = context;
        this.store = context.getStateStore(ForecastTopology.SCORE_STORE);
    }

    @Override
    public void process(Record<String, ScorePartial> record) {
        ScorePartial p = record.value();
        if (p.condition() >= 0) {
            add(record, p, p.condition());
        }
        add(record, p, ForecastScore.ALL_CONDITIONS);
    }

    private void add(Record<String, ScorePartial> record, ScorePartial p, int condition) {
        int h = p.absSum().length;
        String key = p.session() + "/" + p.forecaster() + "/" + condition;
        byte[] old = store.get(key);
        long lastFrame = -1;
        long windows = 0;
        long lastNs = 0;
        double[] sum = new double[h];
        long[] count = new long[h];
        if (old != null && old.length == 24 + 16 * h) {
            ByteBuffer b = ByteBuffer.wrap(old);
            lastFrame = b.getLong();
            windows = b.getLong();
            lastNs = b.getLong();
            for (int i = 0; i < h; i++) {
                sum[i] = b.getDouble();
                count[i] = b.getLong();
            }
        }
        if (p.frame() > lastFrame) {
            if (lastFrame >= 0) {
                double[] mae = ForecastErrors.mae(sum, count);
                ForecastScore score = new ForecastScore(p.session(), p.forecaster(), condition, lastFrame, lastNs,
                        p.context(), mae, windows);
                context.forward(record.withValue(score));
                counters.scoresPublished.incrementAndGet();
                counters.scores.update(score, count);
            }
            lastFrame = p.frame();
            lastNs = p.acquisitionNs();
            windows++;
        }
        for (int i = 0; i < h; i++) {
            sum[i] += p.absSum()[i];
            count[i] += p.count()[i];
        }
        ByteBuffer b = ByteBuffer.allocate(24 + 16 * h);
        b.putLong(lastFrame).putLong(windows).putLong(lastNs);
        for (int i = 0; i < h; i++) {
            b.putDouble(sum[i]).putLong(count[i]);
        }
        store.put(key, b.array());
    }
}
