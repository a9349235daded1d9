package org.zaploop.sim.twin.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.SimActivity;
import org.zaploop.sim.twin.DigitalTwin;
import org.zaploop.sim.twin.TwinFrame;

/**
 * Turns the twin's figures into records: one {@link SimActivity} per region to {@code zl.sim.activity}, forecasts
 * as {@link ForecastBlock}s to {@code zl.forecasts} cut like the neuron table's blocks.
 */
final class TwinPublisher {

    private final String session;
    private final KafkaProducer<String, byte[]> producer;
    private String[] regionKeys;
    private int[][] regionPopulations;

    TwinPublisher(String session, KafkaProducer<String, byte[]> producer) {
        this.session = session;
        this.producer = producer;
    }

    void activity(DigitalTwin twin, TwinFrame f, long acquisitionNs) {
        if (regionKeys == null) {
            index(twin);
        }
        long simNs = Math.max(0, Math.round(f.simTimeS() * 1e9));
        for (int r = 0; r < regionKeys.length; r++) {
            int[] pops = regionPopulations[r];
            float[] rate = new float[pops.length];
            float[] dff = new float[pops.length];
            for (int k = 0; k < pops.length; k++) {
                rate[k] = f.populationRateHz()[pops[k]];
                dff[k] = f.populationDff()[pops[k]];
            }
            SimActivity a = new SimActivity(session, twin.regionNames().get(r), acquisitionNs, simNs, pops.length,
                    rate, dff, f.trackingError()[r]);
            producer.send(new ProducerRecord<>(Topics.SIM_ACTIVITY.name(), regionKeys[r],
                    Topics.SIM_ACTIVITY.valueSerde().serializer().serialize(Topics.SIM_ACTIVITY.name(), a)));
        }
    }

    private void index(DigitalTwin twin) {
        int regions = twin.regionNames().size();
        regionKeys = new String[regions];
        regionPopulations = new int[regions][];
        for (int r = 0; r < regions; r++) {
            regionKeys[r] = Keys.regionKey(session, twin.regionNames().get(r));
            final int region = r;
            regionPopulations[r] = java.util.stream.IntStream.range(0, twin.populationCount())
                    .filter(p -> twin.populationRegion(p) == region).toArray();
        }
    }

    /** @param ahead [step][neuron] forecast of every measured neuron */
    void forecast(String forecaster, long frame, long acquisitionNs, int context, int horizon, int neurons,
                  float[] ahead, Map<Integer, int[]> layout) {
        for (Map.Entry<Integer, int[]> e : layout.entrySet()) {
            int first = e.getValue()[0];
            int count = e.getValue()[1];
            if (count == 0) {
                continue;
            }
            float[] values = new float[horizon * count];
            for (int s = 0; s < horizon; s++) {
                System.arraycopy(ahead, s * neurons + first, values, s * count, count);
            }
            ForecastBlock fb = new ForecastBlock(session, forecaster, frame, e.getKey(), first, count,
                    context, horizon, acquisitionNs, values);
            producer.send(new ProducerRecord<>(Topics.FORECASTS.name(), Keys.blockKey(session, e.getKey()),
                    Topics.FORECASTS.valueSerde().serializer().serialize(Topics.FORECASTS.name(), fb)));
        }
    }
}
