package org.zaploop.ingest.gateway;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;

import org.zaploop.ingest.clock.ClockFit;

/**
 * What both rig sockets share: each message the rig sends gets a number n (1, 2, ... in arrival order, every
 * text and binary message counted), records are published through the {@link RecordPublisher} under
 * back-pressure, and a refused record is answered with a text frame {@code {"error": reason, "frame": n}}
 * while the socket stays open. Runs on the socket's event loop; the publisher's answers are handed back with
 * {@link Context#runOnContext}.
 */
abstract class RigSocket implements FlowControl.Valve {

    protected final ServerWebSocket ws;
    protected final String session;
    protected final Context context;
    protected final GatewayServices services;
    protected final FlowControl.Flow flow;
    private long messages;
    private boolean closed;

    RigSocket(ServerWebSocket ws, String session, Context context, GatewayServices services) {
        this.ws = ws;
        this.session = session;
        this.context = context;
        this.services = services;
        this.flow = services.flow().open(this);
    }

    /** Installs the handlers; call once, on the socket's event loop. */
    void start() {
        ws.binaryMessageHandler(b -> onBinary(++messages, b));
        ws.textMessageHandler(t -> onText(++messages, t));
        ws.exceptionHandler(e -> GatewayVerticle.log.debug("Socket of session {}: {}", session, e.toString()));
        ws.closeHandler(v -> {
            // Messages the socket had read but held while paused are still delivered (resume() drains them after
            // the close): a rig that closes right after its last record loses nothing.
            closed = true;
            onClose();
        });
    }

    abstract void onBinary(long n, Buffer message);

    abstract void onText(long n, String message);

    abstract void onClose();

    boolean isClosed() {
        return closed;
    }

    /** Publishes a record under back-pressure; a refusal or failure comes back as an error frame. */
    void publish(long n, RecordKind kind, byte[] bytes, ClockFit rigClock) {
        long receivedNs = System.nanoTime();
        int size = bytes.length;
        flow.acquire(size);
        if (size > kind.maxBytes()) {
            services.publisher().refuse(kind.topic(), session, bytes, 413, kind.topic() + ": record of " + size
                    + " bytes exceeds the gateway's limit of " + kind.maxBytes() + " bytes for this topic",
                    o -> context.runOnContext(v -> done(n, size, o)));
            return;
        }
        services.publisher().publish(kind, bytes, session, rigClock, receivedNs,
                o -> context.runOnContext(v -> done(n, size, o)));
    }

    /** Refuses a message without publishing it (unknown magic, clock not yet synchronised). */
    void refuse(long n, String sourceTopic, byte[] bytes, String reason) {
        int size = bytes.length;
        flow.acquire(size);
        services.publisher().refuse(sourceTopic, session, bytes, 400, reason,
                o -> context.runOnContext(v -> done(n, size, o)));
    }

    private void done(long n, int size, Outcome outcome) {
        flow.release(size);
        if (outcome instanceof Outcome.Rejected r) {
            errorFrame(n, r.reason());
        } else if (outcome instanceof Outcome.Failed f) {
            errorFrame(n, f.reason());
        } else if (outcome instanceof Outcome.Published p) {
            onPublished(n, p);
        }
    }

    void onPublished(long n, Outcome.Published p) {
    }

    void errorFrame(long n, String reason) {
        if (!closed) {
            ws.writeTextMessage(new JsonObject().put("error", reason).put("frame", n).encode());
        }
    }

    /**
     * The bytes of a binary message. Fast path: a message that arrived as one frame is held in a heap array of
     * exactly its size, which is used as it is (no 5 MB copy per plane). Fallback, counted in
     * {@link GatewayStats#binaryCopies()}: one copy.
     */
    byte[] bytesOf(Buffer message) {
        if (message instanceof BufferInternal internal) {
            ByteBuf b = internal.getByteBuf();
            if (b.hasArray() && b.arrayOffset() == 0 && b.readerIndex() == 0 && b.array().length == b.readableBytes()) {
                return b.array();
            }
        }
        services.metrics().binaryCopies.increment();
        return message.getBytes();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void pause() {
        ws.pause();
    }

    @Override
    public void resume() {
        ws.resume();
    }

    @Override
    public void execute(Runnable task) {
        context.runOnContext(v -> task.run());
    }
}
