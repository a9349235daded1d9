package org.zaploop.ingest.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.protocol.codec.EphysBlockCodec;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.codec.RigEventCodec;
import org.zaploop.protocol.codec.StimulusCommandCodec;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.StimulusCommand;
import org.zaploop.protocol.topics.TopicCatalogue;

/**
 * The reference rig client of the gateway protocol ({@code ingest/GATEWAY.md}), in Java: streams planes, ephys
 * blocks and events on {@code /rig/v1/stream}, answers the gateway's clock pings with its own clock, and, given
 * a {@link CommandHandler}, receives stimulus commands on {@code /rig/v1/commands} and sends the handler's
 * answers (acknowledgements) back.
 *
 * <p>The {@code send} methods block the calling thread (the rig's acquisition loop) while the socket's write
 * queue is full, and go on when it drains: when the gateway pauses reading because Kafka is behind, TCP flow
 * control fills the queue and the rig slows down instead of buffering without bound. Each returns the message
 * number the gateway uses in its error frames. They must not be called on a Vert.x event loop.
 */
public final class RigClient implements AutoCloseable {

    /** Decides what the rig answers to a command. Runs on the client's own command thread. */
    @FunctionalInterface
    public interface CommandHandler {
        /**
         * @param command  the command
         * @param rigNowNs the rig clock when it arrived
         * @return the event to send back (normally {@link RigClient#ack}), or null for none
         */
        RigEvent onCommand(StimulusCommand command, long rigNowNs);
    }

    /** An error frame from the gateway: message {@code frame} was refused because of {@code error}. */
    public record ErrorFrame(long frame, String error) {
    }

    /** The gateway refused the WebSocket upgrade with an HTTP status (401 wrong token, 400 bad session...). */
    public static final class RejectedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        RejectedException(int status, String path) {
            super("gateway refused " + path + " with HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(RigClient.class);
    private static final long TIMEOUT_S = 30;

    private final RigClientConfig config;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final Context context;
    private final WebSocketClient client;
    private final PlaneCodec planeCodec = new PlaneCodec();
    private final EphysBlockCodec ephysCodec = new EphysBlockCodec();
    private final RigEventCodec eventCodec = new RigEventCodec();
    private final StimulusCommandCodec commandCodec = new StimulusCommandCodec();
    private final List<ErrorFrame> errors = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> firstPong = new CompletableFuture<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong writeQueueWaits = new AtomicLong();
    private final AtomicLong pongs = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();
    private volatile Consumer<ErrorFrame> errorListener = e -> { };
    private final java.util.Set<CompletableFuture<Long>> pendingWrites = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closing;
    private ExecutorService commandThread;
    private WebSocket stream;
    private WebSocket commandSocket;
    /** Messages written on the stream socket; only touched on {@link #context}. */
    private long messages;

    private RigClient(RigClientConfig config, Vertx vertx, boolean ownsVertx) {
        this.config = config;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.context = vertx.getOrCreateContext();
        int frame = TopicCatalogue.PLANE_MAX_MESSAGE_BYTES;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(frame).setMaxMessageSize(frame)
                .setSendUnmaskedFrames(!config.maskFrames())
                .setTcpNoDelay(true));
    }

    /** Connects with a Vert.x instance of its own (closed with the client). Blocks until connected. */
    public static RigClient connect(RigClientConfig config) {
        return connect(Vertx.vertx(), true, config);
    }

    /** Connects using the caller's Vert.x instance. Blocks until connected; not on an event loop. */
    public static RigClient connect(Vertx vertx, RigClientConfig config) {
        return connect(vertx, false, config);
    }

    private static RigClient connect(Vertx vertx, boolean owns, RigClientConfig config) {
        RigClient c = new RigClient(config, vertx, owns);
        try {
            c.open();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void open() {
        stream = await(onContext(() -> client.connect(options("/rig/v1/stream"))), "/rig/v1/stream");
        stream.setWriteQueueMaxSize(config.writeQueueBytes());
        stream.textMessageHandler(this::onStreamText);
        stream.exceptionHandler(e -> log.debug("stream socket: {}", e.toString()));
        if (config.commandHandler() != null) {
            commandThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "rig-client-commands-" + config.session());
                t.setDaemon(true);
                return t;
            });
            commandSocket = await(onContext(() -> client.connect(options("/rig/v1/commands"))), "/rig/v1/commands");
            commandSocket.textMessageHandler(this::onCommandText);
        }
        if (config.rigClock()) {
            // With clock=rig the gateway refuses records until it has a clock sample: wait for the first ping.
            try {
                firstPong.get(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the first ping", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("no clock ping from the gateway within " + TIMEOUT_S + " s", e);
            }
        }
    }

    private WebSocketConnectOptions options(String path) {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(config.host()).setPort(config.port())
                .setURI(path + "?session=" + config.session() + (config.rigClock() ? "&clock=rig" : ""));
        if (config.token() != null) {
            o.putHeader("Authorization", "Bearer " + config.token());
        }
        return o;
    }

    private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
        io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
        context.runOnContext(v -> action.get().onComplete(p));
        return p.future();
    }

    private static <T> T await(Future<T> f, String what) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException r) {
                throw new RejectedException(r.getStatus(), what);
            }
            throw new IllegalStateException("cannot connect " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting " + what, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer on " + what + " within " + TIMEOUT_S + " s", e);
        }
    }

    // ---- stream socket ----

    public long sendPlane(Plane plane) {
        return sendRecord(planeCodec.encode(plane));
    }

    public long sendEphys(EphysBlock block) {
        return sendRecord(ephysCodec.encode(block));
    }

    public long sendEvent(RigEvent event) {
        return sendText(new String(eventCodec.encode(event), StandardCharsets.UTF_8));
    }

    /** Sends one binary record as it is (ZLPL or ZLEP bytes; the array must not change afterwards). */
    public long sendRecord(byte[] record) {
        return write(Buffer.buffer(record), null);
    }

    /** Sends one text message as it is (a JSON rig event). */
    public long sendText(String text) {
        return write(null, text);
    }

    /**
     * Writes one message once the write queue has room, and returns its number. Runs the check and the write on
     * the socket's context, so numbers follow the order on the wire.
     */
    private long write(Buffer binary, String text) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("RigClient.send blocks while the gateway applies back-pressure: call it"
                    + " from the rig's own thread, not from an event loop");
        }
        CompletableFuture<Long> written = new CompletableFuture<>();
        pendingWrites.add(written);
        written.whenComplete((n, e) -> pendingWrites.remove(written));
        if (closing) {
            written.completeExceptionally(new IllegalStateException("the rig client is closed"));
        }
        context.runOnContext(v -> {
            if (written.isDone()) {
                return;
            }
            if (stream.isClosed()) {
                written.completeExceptionally(new IllegalStateException("the stream socket is closed ("
                        + stream.closeStatusCode() + " " + stream.closeReason() + ")"));
            } else if (stream.writeQueueFull()) {
                writeQueueWaits.incrementAndGet();
                stream.drainHandler(d -> {
                    stream.drainHandler(null);
                    if (!written.isDone()) {
                        written.complete(doWrite(binary, text));
                    }
                });
            } else {
                written.complete(doWrite(binary, text));
            }
        });
        try {
            return written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private long doWrite(Buffer binary, String text) {
        long n = ++messages;
        if (binary != null) {
            bytesSent.addAndGet(binary.length());
            stream.writeBinaryMessage(binary);
        } else {
            bytesSent.addAndGet(text.length());
            stream.writeTextMessage(text);
        }
        return n;
    }

    private void onStreamText(String text) {
        if (text.startsWith("{\"ping\"")) {
            try {
                long t0 = new JsonObject(text).getLong("ping");
                long rig = config.clock().nowNs();
                messages++;
                stream.writeTextMessage("{\"pong\":" + t0 + ",\"rig\":" + rig + "}");
                pongs.incrementAndGet();
                firstPong.complete(null);
            } catch (DecodeException | ClassCastException | NullPointerException e) {
                log.warn("Unreadable ping from the gateway: {}", text);
            }
            return;
        }
        onError(text);
    }

    private void onError(String text) {
        try {
            JsonObject o = new JsonObject(text);
            ErrorFrame e = new ErrorFrame(o.getLong("frame", -1L), o.getString("error", text));
            errors.add(e);
            errorListener.accept(e);
        } catch (DecodeException | ClassCastException e) {
            log.warn("Unexpected message from the gateway: {}", text);
        }
    }

    // ---- command socket ----

    private void onCommandText(String text) {
        if (text.startsWith("{\"error\"")) {
            onError(text);
            return;
        }
        long rigNow = config.clock().nowNs();
        StimulusCommand cmd;
        try {
            cmd = commandCodec.decode(text.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedRecordException e) {
            log.warn("Unreadable command from the gateway: {}", e.getMessage());
            return;
        }
        commands.incrementAndGet();
        commandThread.execute(() -> {
            RigEvent answer;
            try {
                answer = config.commandHandler().onCommand(cmd, rigNow);
            } catch (RuntimeException e) {
                log.warn("Command handler failed on seq {}: {}", cmd.seq(), e.toString());
                return;
            }
            if (answer != null) {
                String json = new String(eventCodec.encode(answer), StandardCharsets.UTF_8);
                context.runOnContext(v -> {
                    if (!commandSocket.isClosed()) {
                        commandSocket.writeTextMessage(json);
                        answers.incrementAndGet();
                    }
                });
            }
        });
    }

    /** The acknowledgement of {@code command}: a COMMAND_ACK rig event with its seq, at rig time {@code rigNowNs}. */
    public static RigEvent ack(StimulusCommand command, long rigNowNs) {
        return new RigEvent(command.session(), rigNowNs, RigEventKind.COMMAND_ACK, null, command.condition(),
                command.stimulus().name(), command.params(), command.seq(), null);
    }

    // ---- state ----

    /** Error frames received so far (refused records, by message number). */
    public List<ErrorFrame> errors() {
        return List.copyOf(errors);
    }

    /** Called on an event loop for each error frame. */
    public void onError(Consumer<ErrorFrame> listener) {
        this.errorListener = listener == null ? e -> { } : listener;
    }

    public RigClientStats stats() {
        CompletableFuture<Long> n = new CompletableFuture<>();
        context.runOnContext(v -> n.complete(messages));
        long sent;
        try {
            sent = n.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            sent = -1;
        }
        return new RigClientStats(sent, bytesSent.get(), writeQueueWaits.get(), pongs.get(), commands.get(),
                answers.get(), errors.size());
    }

    public RigClientConfig config() {
        return config;
    }

    /**
     * Closes the sockets (after what was written has gone out) and, if it owns it, Vert.x. A send still waiting
     * for room in the write queue fails with {@link IllegalStateException}.
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        for (CompletableFuture<Long> w : pendingWrites) {
            w.completeExceptionally(new IllegalStateException("the rig client was closed while waiting to send"));
        }
        try {
            if (stream != null) {
                await(onContext(() -> stream.close()), "close");
            }
            if (commandSocket != null) {
                await(onContext(() -> commandSocket.close()), "close");
            }
        } catch (RuntimeException e) {
            log.debug("closing: {}", e.toString());
        }
        if (commandThread != null) {
            commandThread.shutdownNow();
        }
        if (ownsVertx) {
            await(vertx.close(), "close");
        } else {
            await(client.close(), "close");
        }
    }
}
