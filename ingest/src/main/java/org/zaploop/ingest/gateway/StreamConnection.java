package org.zaploop.ingest.gateway;

import java.util.ArrayDeque;
import java.util.Map;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import org.zaploop.ingest.clock.ClockFit;
import org.zaploop.ingest.clock.ClockModel;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

/**
 * One rig's {@code /rig/v1/stream?session=S[&clock=rig]} socket: binary messages are ZLPL planes or ZLEP ephys
 * blocks (by magic), text messages are JSON rig events or pongs. Publishes to {@code zl.imaging.planes},
 * {@code zl.ephys.blocks}, {@code zl.rig.events} (including the gateway's {@code CLOCK_SYNC} events) and
 * {@code zl.dlq}.
 *
 * <p>Clock: sends {@code {"ping": t0}} (ZapLoop ns) {@code quickPings} times right after opening, then every
 * {@code pingInterval}; each {@code {"pong": t0, "rig": tRig}} is a {@link ClockModel} sample. With
 * {@code clock=rig} the rig's time stamps are on its own clock and the gateway maps every record's
 * {@code acquisitionNs} to the ZapLoop clock before publishing; without it they are already ZapLoop time and
 * the fit is only measured and published.
 */
final class StreamConnection extends RigSocket {

    private static final int MAX_OUTSTANDING_PINGS = 64;

    private final boolean rigClock;
    private final ClockModel model = new ClockModel();
    private final ArrayDeque<Long> outstanding = new ArrayDeque<>();
    private int quickLeft;
    private long pingTimer = -1;
    private long publishTimer = -1;

    StreamConnection(ServerWebSocket ws, String session, boolean rigClock, Context context,
                     GatewayServices services) {
        super(ws, session, context, services);
        this.rigClock = rigClock;
    }

    @Override
    void start() {
        super.start();
        services.metrics().streamConnections.incrementAndGet();
        GatewayConfig c = services.config();
        quickLeft = c.quickPings();
        ping();
        if (quickLeft > 0) {
            pingTimer = context.owner().setPeriodic(GatewayConfig.QUICK_PING_INTERVAL.toMillis(), id -> {
                if (quickLeft > 0) {
                    ping();
                } else {
                    context.owner().cancelTimer(id);
                    pingTimer = context.owner().setPeriodic(c.pingInterval().toMillis(), i -> ping());
                }
            });
        } else {
            pingTimer = context.owner().setPeriodic(c.pingInterval().toMillis(), i -> ping());
        }
        publishTimer = context.owner().setPeriodic(c.clockPublishInterval().toMillis(), id -> publishClock());
    }

    private void ping() {
        if (isClosed()) {
            return;
        }
        if (quickLeft > 0) {
            quickLeft--;
        }
        long t0 = services.clock().nowNs();
        outstanding.addLast(t0);
        while (outstanding.size() > MAX_OUTSTANDING_PINGS) {
            outstanding.removeFirst();
        }
        ws.writeTextMessage("{\"ping\":" + t0 + "}");
    }

    @Override
    void onBinary(long n, Buffer message) {
        byte[] bytes = bytesOf(message);
        RecordKind kind = RecordKind.ofBinary(bytes);
        if (kind == null) {
            refuse(n, Topics.PLANES.name(), bytes, "binary message: unknown magic " + magicOf(bytes)
                    + ": expected ZLPL (plane) or ZLEP (ephys block)");
            return;
        }
        publishMapped(n, kind, bytes);
    }

    @Override
    void onText(long n, String message) {
        if (message.length() < 256 && message.contains("\"pong\"")) {
            onPong(n, message);
            return;
        }
        publishMapped(n, RecordKind.EVENT, utf8(message));
    }

    private void publishMapped(long n, RecordKind kind, byte[] bytes) {
        ClockFit fit = model.fit();
        if (rigClock && fit == null) {
            refuse(n, kind.topic(), bytes, "clock=rig: no clock sample yet, so the rig's time stamps cannot be"
                    + " mapped; answer the gateway's first ping before sending records");
            return;
        }
        publish(n, kind, bytes, rigClock ? fit : null);
    }

    private void onPong(long n, String message) {
        long t1 = services.clock().nowNs();
        long t0;
        long rig;
        try {
            JsonObject pong = new JsonObject(message);
            if (pong.size() != 2 || !(pong.getValue("pong") instanceof Number p)
                    || !(pong.getValue("rig") instanceof Number r)) {
                errorFrame(n, "pong: expected {\"pong\": t0, \"rig\": tRig} with integer nanoseconds");
                return;
            }
            t0 = p.longValue();
            rig = r.longValue();
        } catch (DecodeException | ClassCastException e) {
            errorFrame(n, "pong: not a JSON object: " + e.getMessage());
            return;
        }
        if (!outstanding.remove(t0)) {
            errorFrame(n, "pong: " + t0 + " answers no ping this gateway sent on this socket");
            return;
        }
        ClockFit fit = model.add(t0, rig, t1);
        services.metrics().clockFitted(session, fit);
        if (model.size() == services.config().quickPings()) {
            publishClock();
        }
    }

    private void publishClock() {
        ClockFit fit = model.fit();
        if (fit == null || isClosed()) {
            return;
        }
        services.publisher().publishOwnEvent(new RigEvent(session, fit.refNs(), RigEventKind.CLOCK_SYNC, null, null,
                null, Map.of("offsetNs", (double) fit.offsetNs(), "driftPpm", fit.driftPpm(),
                "rttNs", (double) fit.rttNs(), "samples", (double) fit.samples()),
                null, rigClock ? "clock=rig: acquisitionNs mapped by the gateway" : "clock=zaploop: measured only"));
    }

    @Override
    void onClose() {
        context.owner().cancelTimer(pingTimer);
        context.owner().cancelTimer(publishTimer);
        services.metrics().streamConnections.decrementAndGet();
    }

    private static String magicOf(byte[] b) {
        StringBuilder s = new StringBuilder("0x");
        for (int i = 0; i < Math.min(4, b.length); i++) {
            s.append(String.format("%02x", b[i]));
        }
        return b.length == 0 ? "(empty message)" : s.toString();
    }
}
