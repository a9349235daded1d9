package org.zaploop.processors.forecast;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.processors.forecast.topology.ForecastConfig;
import org.zaploop.processors.forecast.topology.ForecastRunner;
import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.ForecastScore;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.testsupport.InJvmKafka;

/**
 * A twin's forecast blocks, published to zl.forecasts by a plain producer as the twin publishes them (key
 * session/block, default partitioner), are scored by the running forecasting application against a real in-JVM
 * KRaft broker: scores for forecaster "twin" arrive on zl.forecast.scores and reach the gauges.
 */
class ExternalForecastBrokerTest {

    @TempDir
    Path dir;

    /** Ramp x(t) = 0.01 t; the twin's forecast s + 1 frames ahead is the truth plus 0.001 (s + 1). */
    @Test
    void twinForecastsPublishedToTheTopicAreScoredOnline() throws Exception {
        int frames = 24;
        int n = 8;
        int blocks = 3;
        int h = 4;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (InJvmKafka kafka = InJvmKafka.start(dir.resolve("kafka"));
             ForecastRunner runner = new ForecastRunner(RunnerConfig.exactlyOnce("external-broker-test")
                     .withThreads(1).withStateDir(dir.resolve("state")),
                     new ForecastConfig(4, h, List.of("mean"), 4, 16))) {
            runner.start(kafka.bootstrap(), meters);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
            try (KafkaProducer<String, byte[]> prod = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                for (int f = 0; f < frames; f++) {
                    for (int b = 0; b < blocks; b++) {
                        String key = Keys.blockKey("fish-07", b);
                        float[] dff = new float[n];
                        Arrays.fill(dff, 0.01f * f);
                        TraceBlock tb = new TraceBlock("fish-07", f, b, b * n, 1_000_000L * f, false, dff, null);
                        prod.send(new ProducerRecord<>(Topics.TRACES.name(), key,
                                Topics.TRACES.valueSerde().serializer().serialize(Topics.TRACES.name(), tb)));
                        float[] v = new float[h * n];
                        for (int s = 0; s < h; s++) {
                            Arrays.fill(v, s * n, (s + 1) * n, (float) (0.01 * (f + 1 + s) + 0.001 * (s + 1)));
                        }
                        ForecastBlock twin = new ForecastBlock("fish-07", "twin", f, b, b * n, n, 4, h,
                                1_000_000L * f, v);
                        prod.send(new ProducerRecord<>(Topics.FORECASTS.name(), key,
                                Topics.FORECASTS.valueSerde().serializer().serialize(Topics.FORECASTS.name(), twin)));
                    }
                }
            }
            // the last frame's score is published when a later frame arrives: frames − 2 is the last one
            List<ForecastScore> scores = kafka.readUntil(Topics.FORECAST_SCORES.name(),
                    l -> l.stream().map(r -> decode(r.value())).anyMatch(s -> s.forecaster().equals("twin")
                            && s.frame() == frames - 2),
                    Duration.ofSeconds(60)).stream().map(r -> decode(r.value())).toList();
            ForecastScore twin = scores.stream().filter(s -> s.forecaster().equals("twin")
                    && s.condition() == ForecastScore.ALL_CONDITIONS && s.frame() == frames - 2)
                    .findFirst().orElseThrow();
            assertEquals("fish-07", twin.session());
            assertEquals(h, twin.maePerStep().length);
            for (int s = 0; s < h; s++) {
                assertEquals(0.001 * (s + 1), twin.maePerStep()[s], 1e-5, "twin step " + (s + 1));
            }
            assertTrue(scores.stream().anyMatch(s -> s.forecaster().equals("mean")), "own forecasts scored too");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Gauge g = meters.find("zaploop.forecast.mae")
                        .tags("forecaster", "twin", "steps_ahead", Integer.toString(h), "condition", "all").gauge();
                assertTrue(g != null, "twin gauge registered");
                assertEquals(0.001 * h, g.value(), 1e-5);
            });
            assertTrue(runner.counters().externalTargetsScored.get() > 0);
        }
    }

    private static ForecastScore decode(byte[] v) {
        return Topics.FORECAST_SCORES.valueSerde().deserializer().deserialize(Topics.FORECAST_SCORES.name(), v);
    }
}
