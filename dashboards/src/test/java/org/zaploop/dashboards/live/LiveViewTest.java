package org.zaploop.dashboards.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topic;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.testsupport.InJvmKafka;

/** The live view against a real broker and a real WebSocket client: what a browser receives. */
class LiveViewTest {

    private static final String SESSION = "view-test";
    @TempDir
    static Path dir;
    static InJvmKafka kafka;
    static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void broker() throws Exception {
        kafka = InJvmKafka.start(dir.resolve("kafka"));
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap());
        p.put("max.request.size", String.valueOf(16 << 20));
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
        kafka.close();
    }

    private static <V> void send(Topic<String, V> t, String key, V value) throws Exception {
        producer.send(new ProducerRecord<>(t.name(), key.getBytes(StandardCharsets.UTF_8),
                t.valueSerde().serializer().serialize(t.name(), value))).get(30, TimeUnit.SECONDS);
    }

    private static NeuronTableBlock table(int block, int first) {
        return new NeuronTableBlock(SESSION, 1, block, first, 4, 16, 16, 4, 0, new int[] {first, first + 1},
                new float[] {first, first + 1}, new float[] {2, 3}, new float[] {1, 2}, new int[] {0, 1, 2},
                new int[] {first, first + 1}, null);
    }

    private static TraceBlock trace(long frame, int block, int first, float v) {
        return new TraceBlock(SESSION, frame, block, first, System.currentTimeMillis() * 1_000_000L, false,
                new float[] {v, v}, null);
    }

    /** A browser's side of the socket: every binary and text message, in order. */
    static class Client implements WebSocket.Listener {
        final List<ByteBuffer> binary = new CopyOnWriteArrayList<>();
        final List<String> text = new CopyOnWriteArrayList<>();
        private final java.io.ByteArrayOutputStream part = new java.io.ByteArrayOutputStream();
        private final StringBuilder textPart = new StringBuilder();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            part.writeBytes(b);
            if (last) {
                binary.add(ByteBuffer.wrap(part.toByteArray()).order(ByteOrder.LITTLE_ENDIAN));
                part.reset();
            }
            more(ws);
            return null;
        }

        /** Asks for the next message; a slow client does not. */
        void more(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            textPart.append(data);
            if (last) {
                text.add(textPart.toString());
                textPart.setLength(0);
            }
            more(ws);
            return null;
        }

        List<ByteBuffer> ofType(int type) {
            return binary.stream().filter(b -> b.get(0) == type).toList();
        }
    }

    /**
     * A client that stops reading: the server keeps at most one frame in writing and one waiting, replaces the
     * waiting one by each newer frame and counts it; when the client reads again it gets the newest frame. Frames
     * of 65,536 neurons, enough of them to fill the socket buffers between server and client.
     */
    @Test
    void aSlowClientGetsTheNewestFrameAndEverySkippedFrameIsCounted() throws Exception {
        String session = "slow-client";
        int n = 65_536;
        int frames = 300;
        int[] ids = new int[n];
        int[] start = new int[n + 1];
        float[] x = new float[n];
        float[] y = new float[n];
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            start[i + 1] = i + 1;
            x[i] = i % 256;
            y[i] = i / 256;
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        send(Topics.SEGMENTATION, Keys.blockKey(session, 0),
                new NeuronTableBlock(session, 1, 0, 0, n, 256, 256, 1, 0, ids, x, y, z, start, ids.clone(), null));
        try (LiveView view = LiveView.start(LiveViewConfig.defaults(kafka.bootstrap(), session, "127.0.0.1", 0), meters)) {
            java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean(true);
            Client client = new Client() {
                @Override
                void more(WebSocket ws) {
                    if (reading.get()) {
                        ws.request(1);
                    }
                }
            };
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + view.port() + "/ws"), client).get(30, TimeUnit.SECONDS);
            Awaitility.await("the map").atMost(Duration.ofSeconds(30)).until(() -> !client.ofType(LiveWire.MAP).isEmpty());
            reading.set(false);
            float[] dff = new float[n];
            for (int t = 0; t < frames; t++) {
                java.util.Arrays.fill(dff, t % 2 == 0 ? 0.1f : 0.9f);
                producer.send(new ProducerRecord<>(Topics.TRACES.name(), Keys.blockKey(session, 0).getBytes(StandardCharsets.UTF_8),
                        Topics.TRACES.valueSerde().serializer().serialize(Topics.TRACES.name(),
                                new TraceBlock(session, t, 0, 0, 1, false, dff, null))));
            }
            producer.flush();
            Awaitility.await("frames skipped for the client that stopped reading").atMost(Duration.ofSeconds(120))
                    .until(() -> meters.get("zaploop.liveview.frames.skipped").counter().count() > 0
                            && meters.get("zaploop.liveview.records").tag("topic", Topics.TRACES.name()).counter().count() >= frames);
            reading.set(true);
            ws.request(1);
            Awaitility.await("the newest frame once the client reads again").atMost(Duration.ofSeconds(60))
                    .until(() -> client.ofType(LiveWire.FRAME).stream().anyMatch(f -> f.getLong(8) == frames - 1));
            long received = client.ofType(LiveWire.FRAME).size();
            long skipped = (long) meters.get("zaploop.liveview.frames.skipped").counter().count();
            assertEquals(frames, received + skipped, "each frame is delivered or counted as skipped");
            assertTrue(received < frames, "the slow client did not get every frame");
            ws.abort();
        }
    }

    @Test
    void aBrowserGetsTheMapEachFrameItsSelectionsTraceAndTheTimelineWhileMalformedRecordsAreSkipped()
            throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        send(Topics.SEGMENTATION, Keys.blockKey(SESSION, 0), table(0, 0));
        send(Topics.SEGMENTATION, Keys.blockKey(SESSION, 1), table(1, 2));
        send(Topics.STIMULUS_COMMANDS, SESSION, new StimulusCommand(SESSION, 0, 10, 5, 10, 20, Stimulus.GRATING,
                Map.of("velocity", 10.0), "optomotor", 0));
        try (LiveView view = LiveView.start(LiveViewConfig.defaults(kafka.bootstrap(), SESSION, "127.0.0.1", 0), meters)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(view.url())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<canvas id=\"top\""), "the page");
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(view.url() + "live.js")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());

            Client client = new Client();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + view.port() + "/ws"),
                    client).get(30, TimeUnit.SECONDS);
            Awaitility.await("the map").atMost(Duration.ofSeconds(30)).until(() -> !client.ofType(LiveWire.MAP).isEmpty());
            assertEquals(4, client.ofType(LiveWire.MAP).get(0).getInt(4));
            Awaitility.await("the timeline").atMost(Duration.ofSeconds(30))
                    .until(() -> client.text.stream().anyMatch(t -> t.contains("\"timeline\"") && t.contains("GRATING")));

            send(Topics.TRACES, Keys.blockKey(SESSION, 0), trace(0, 0, 0, 0.5f));
            producer.send(new ProducerRecord<>(Topics.TRACES.name(), Keys.blockKey(SESSION, 1)
                    .getBytes(StandardCharsets.UTF_8), "not a trace block".getBytes(StandardCharsets.UTF_8))).get();
            send(Topics.TRACES, Keys.blockKey(SESSION, 1), trace(0, 1, 2, 1.0f));
            Awaitility.await("frame 0").atMost(Duration.ofSeconds(30)).until(() -> !client.ofType(LiveWire.FRAME).isEmpty());
            ByteBuffer frame = client.ofType(LiveWire.FRAME).get(0);
            assertEquals(0, frame.getLong(8));
            assertEquals(0, frame.get(2) & LiveWire.FLAG_PARTIAL, "every neuron arrived");
            assertEquals(4, frame.getInt(4));
            assertEquals(1.0, meters.get("zaploop.liveview.records.malformed").counter().count());

            ws.sendText("{\"type\":\"select\",\"token\":7,\"neurons\":[2,3]}", true).get();
            Awaitility.await("the selection's history").atMost(Duration.ofSeconds(30))
                    .until(() -> !client.ofType(LiveWire.TRACE).isEmpty());
            ByteBuffer history = client.ofType(LiveWire.TRACE).get(0);
            assertEquals(7, history.getInt(20));
            assertEquals(1.0f, history.getFloat(LiveWire.TRACE_HEADER), 0.01f);

            send(Topics.TRACES, Keys.blockKey(SESSION, 0), trace(1, 0, 0, 0.2f));
            send(Topics.TRACES, Keys.blockKey(SESSION, 1), trace(1, 1, 2, 0.3f));
            Awaitility.await("the selection's point of frame 1").atMost(Duration.ofSeconds(30))
                    .until(() -> client.ofType(LiveWire.TRACE).size() >= 2);
            ByteBuffer point = client.ofType(LiveWire.TRACE).get(1);
            assertEquals(1, point.getLong(8));
            assertEquals(0.3f, point.getFloat(LiveWire.TRACE_HEADER), 0.01f);

            ws.sendText("{\"type\":\"select\",\"token\":8,\"neurons\":[99]}", true).get();
            Awaitility.await("a selection outside the map is refused with the reason").atMost(Duration.ofSeconds(30))
                    .until(() -> client.text.stream().anyMatch(t -> t.contains("\"error\"") && t.contains("99")));
            ws.abort();
        }
    }
}
