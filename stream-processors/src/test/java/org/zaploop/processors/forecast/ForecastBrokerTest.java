package org.zaploop.processors.forecast;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.zaploop.protocol.records.ForecastScore;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.testsupport.InJvmKafka;

/**
 * The forecasting topology against a real in-JVM KRaft broker, through {@link ForecastRunner} with two stream
 * threads and exactly-once: forecasts and online scores arrive on their topics, the running MAE reaches the
 * {@code zaploop.forecast.mae} gauges and the status line.
 */
class ForecastBrokerTest {

    @TempDir
    Path dir;

    /** Ramp x(t) = 0.01 t in every neuron: the context mean (C = 4) misses step h (1-based) by 0.01 (h + 1.5). */
    @Test
    void forecastsAndScoresFlowThroughARealBroker() throws Exception {
        int frames = 60;
        int n = 16;
        int blocks = 3;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (InJvmKafka kafka = InJvmKafka.start(dir.resolve("kafka"));
             ForecastRunner runner = new ForecastRunner(RunnerConfig.exactlyOnce("forecast-broker-test")
                     .withThreads(2).withStateDir(dir.resolve("state")),
                     new ForecastConfig(4, 32, List.of("mean", "linear"), 4, 16))) {
            runner.start(kafka.bootstrap(), meters);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
            try (KafkaProducer<String, byte[]> prod = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                RigEvent flash = new RigEvent("fish-07", 1, RigEventKind.CONDITION, 0L, 2, null, Map.of(), null, null);
                prod.send(new ProducerRecord<>(Topics.RIG_EVENTS.name(), "fish-07",
                        Topics.RIG_EVENTS.valueSerde().serializer().serialize(Topics.RIG_EVENTS.name(), flash))).get();
                for (int f = 0; f < frames; f++) {
                    for (int b = 0; b < blocks; b++) {
                        float[] dff = new float[n];
                        Arrays.fill(dff, 0.01f * f);
                        TraceBlock tb = new TraceBlock("fish-07", f, b, b * n, 1_000_000L * f, false, dff, null);
                        prod.send(new ProducerRecord<>(Topics.TRACES.name(), Keys.blockKey("fish-07", b),
                                Topics.TRACES.valueSerde().serializer().serialize(Topics.TRACES.name(), tb)));
                    }
                }
            }
            List<ConsumerRecord<String, byte[]>> fc = kafka.readUntil(Topics.FORECASTS.name(),
                    l -> l.size() >= (frames - 3) * blocks * 2, Duration.ofSeconds(120));
            assertEquals((frames - 3) * blocks * 2, fc.size());
            // the last frame's score is published when a later frame arrives: frames − 2 is the last one
            List<ForecastScore> scores = kafka.readUntil(Topics.FORECAST_SCORES.name(),
                    l -> l.stream().map(r -> decode(r.value())).anyMatch(s -> s.forecaster().equals("mean")
                            && s.condition() == ForecastScore.ALL_CONDITIONS && s.frame() == frames - 2),
                    Duration.ofSeconds(60)).stream().map(r -> decode(r.value())).toList();
            ForecastScore mean = scores.stream().filter(s -> s.forecaster().equals("mean") && s.condition() == 2)
                    .reduce((a, b) -> b).orElseThrow();
            assertEquals(0.01 * 2.5, mean.maePerStep()[0], 1e-5);
            assertEquals(0.01 * 33.5, mean.maePerStep()[31], 1e-5);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Gauge g = meters.find("zaploop.forecast.mae")
                        .tags("forecaster", "mean", "steps_ahead", "32", "condition", "flash").gauge();
                assertTrue(g != null, "gauge registered");
                assertEquals(0.01 * 33.5, g.value(), 1e-5);
            });
            Gauge all = meters.find("zaploop.forecast.mae")
                    .tags("forecaster", "mean", "steps_ahead", "1", "condition", "all").gauge();
            assertEquals(0.01 * 2.5, all.value(), 1e-5);
            assertTrue(meters.find("zaploop.forecast.mae").tags("forecaster", "linear").gauges().size() >= 32);
            // Each trace block that got forecasts was timed from its acquisition, as a stage of the loop.
            assertTrue(meters.get("zaploop.stage.latency").tags("stage", "forecast").timer().count() > 0,
                    "forecast stage latency recorded");
            Map<String, Object> status = runner.status();
            assertEquals("RUNNING", status.get("state"));
            assertTrue(String.valueOf(status.get("mae1")).contains("mean 0.0250"), "status " + status.get("mae1"));
        }
    }

    private static ForecastScore decode(byte[] v) {
        return Topics.FORECAST_SCORES.valueSerde().deserializer().deserialize(Topics.FORECAST_SCORES.name(), v);
    }
}
