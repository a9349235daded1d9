package org.zaploop.ingest.gateway;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.zaploop.protocol.Topics;

/**
 * Makes Kafka slow for planes: every plane acknowledgement holds the producer's network thread for
 * {@link #delayMs}, so acknowledgements trail far behind what a fast rig can send. (A simulated slow broker,
 * not a synchronisation device.)
 */
public final class SlowPlaneAcks implements ProducerInterceptor<String, byte[]> {

    static volatile long delayMs = 5;

    @Override
    public ProducerRecord<String, byte[]> onSend(ProducerRecord<String, byte[]> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (metadata != null && Topics.PLANES.name().equals(metadata.topic())) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
