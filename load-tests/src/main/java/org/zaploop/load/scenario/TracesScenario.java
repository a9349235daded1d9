package org.zaploop.load.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.zaploop.controller.ControllerConfig;
import org.zaploop.controller.ControllerMeters;
import org.zaploop.controller.ControllerService;
import org.zaploop.load.LoadProbe;
import org.zaploop.load.LoadScenario;
import org.zaploop.load.PacedLoop;
import org.zaploop.load.Ready;
import org.zaploop.load.TopicReader;
import org.zaploop.processors.forecast.topology.ForecastConfig;
import org.zaploop.processors.forecast.topology.ForecastRunner;
import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.TraceBlock;

/**
 * {@code traces}: whole-brain ΔF/F traces (71,721 neurons in 512-neuron blocks by default) written to
 * {@code zl.traces} at {@code rate} × ZAPBench real time (a frame every 0.9141 s / rate), through the real
 * forecasting topology ({@link ForecastRunner}, exactly-once, both cores) into {@code zl.forecasts}, and through
 * the controller (forecast-trigger policy on neurons 0–63, which reads every forecast). A reader times each
 * forecast block from the trace's acquisition; the controller reports when it read each forecast and sent each
 * command. Lag: the forecasting application's group and the reader's.
 */
public final class TracesScenario extends StreamedScenario {

    public static final String SESSION = "load-traces";
    public static final String APP = "zaploop-load-forecast";
    public static final String READER = "zaploop-load-forecast-reader";
    public static final String MAIN = "traces: acquisition → forecast read back";
    static final double FRAME_S = 0.9141;
    private static final int BLOCK = 512;
    private static final int ENSEMBLE = 64;

    private final int neurons;
    private final int context;
    private final List<String> forecasters;
    private ControllerService controller;

    /**
     * @param neurons     neurons per frame (ZAPBench: 71,721)
     * @param context     forecasting context C (the demo's 4)
     * @param forecasters forecaster specs of the topology
     * @param rate        × ZAPBench real time
     */
    public TracesScenario(int neurons, int context, List<String> forecasters, double rate) {
        super("traces", APP, READER, MAIN, rate);
        if (neurons < 1 || context < 1 || forecasters.isEmpty()) {
            throw new IllegalArgumentException("traces: neurons and context must be > 0, forecasters not empty");
        }
        this.neurons = neurons;
        this.context = context;
        this.forecasters = List.copyOf(forecasters);
    }

    @Override
    public void start(String bootstrap, LoadProbe probe) throws Exception {
        stateDir = Files.createTempDirectory("zaploop-load-forecast");
        runner = new ForecastRunner(RunnerConfig.exactlyOnce(APP).withThreads(ForecastRunner.STREAM_THREADS)
                .withStateDir(stateDir), new ForecastConfig(context, 32, forecasters, 16, 64));
        runner.start(bootstrap);
        var read = probe.latency("traces: forecast read by the controller");
        var sent = probe.latency("traces: command sent by the controller");
        controller = new ControllerService(ControllerConfig.defaults(bootstrap, SESSION)
                .withPolicy("forecast-trigger", Map.of("neurons", "0-63")).withHttp(0, null),
                new SimpleMeterRegistry(), line -> { })
                .observeStages((stage, ns) -> {
                    if (stage.equals(ControllerMeters.STAGE_IN)) {
                        read.record(ns);
                    } else if (stage.equals(ControllerMeters.STAGE_SENT)) {
                        sent.record(ns);
                    }
                }).start();
        reader = new TopicReader(bootstrap, READER, Topics.FORECASTS.name(), SESSION,
                v -> Topics.FORECASTS.valueSerde().deserializer().deserialize(Topics.FORECASTS.name(), v).acquisitionNs(),
                probe.latency(MAIN), probe.flow("forecast blocks read back from zl.forecasts"))
                .start(Duration.ofSeconds(60));
        Ready.await(runner::running, Duration.ofSeconds(120), "the forecasting application");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "zaploop-load-traces");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        LoadProbe.Flow flow = probe.flow("trace blocks sent to zl.traces");
        int blocks = (neurons + BLOCK - 1) / BLOCK;
        float[][] state = new float[blocks][];
        float[][] dff = new float[blocks][];
        for (int b = 0; b < blocks; b++) {
            state[b] = new float[Math.min(BLOCK, neurons - b * BLOCK)];
            dff[b] = new float[state[b].length];
        }
        SplittableRandom random = new SplittableRandom(7);
        source = new PacedLoop("load-traces-source", 1 / FRAME_S, rate, frame -> {
            long acq = ZapLoopClock.nowNs();
            // the target ensemble (neurons 0-63) fires for five frames in every twenty: forecasts cross the
            // controller's threshold, so commands flow too
            float bump = frame % 20 >= 10 && frame % 20 < 15 ? 0.8f : 0f;
            for (int b = 0; b < blocks; b++) {
                float[] s = state[b];
                float[] d = dff[b];
                // AR(1) ΔF/F around 0 for every neuron, plus the ensemble's events
                for (int i = 0; i < s.length; i++) {
                    s[i] = 0.9f * s[i] + 0.05f * (float) (random.nextDouble() - 0.5);
                    d[i] = s[i] + (b * BLOCK + i < ENSEMBLE ? bump : 0f);
                }
                byte[] v = Topics.TRACES.valueSerde().serializer().serialize(Topics.TRACES.name(),
                        new TraceBlock(SESSION, frame, b, b * BLOCK, acq, false, d, null));
                producer.send(new ProducerRecord<>(Topics.TRACES.name(), null, acq / 1_000_000,
                        Keys.blockKey(SESSION, b), v));
                flow.add(1, v.length);
            }
        }).start();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("traces: neurons", neurons);
        m.put("traces: blocks per frame", (neurons + BLOCK - 1) / BLOCK);
        m.put("traces: rate (× real time)", rate);
        m.put("traces: forecasting", "C=" + context + ", H=32, " + String.join(",", forecasters)
                + ", exactly_once_v2, " + ForecastRunner.STREAM_THREADS + " stream threads");
        m.put("traces: controller", "forecast-trigger on neurons 0-63");
        return m;
    }

    @Override
    public void close() {
        Closer.close(controller);
        super.close();
    }
}
