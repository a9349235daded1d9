package org.zaploop.ingest.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import org.zaploop.ingest.clock.ClockFit;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.codec.RigEventCodec;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.StimulusCommand;

/**
 * One rig's {@code /rig/v1/commands?session=S[&clock=rig]} socket: forwards the session's
 * {@code zl.stimulus.commands} records as JSON text messages (the record's own bytes, never dropped: a control
 * stream), and publishes the rig's answers, JSON rig events (normally {@code COMMAND_ACK} with
 * {@code commandSeq}), to {@code zl.rig.events}. Counts acknowledgements and measures forward → ack latency.
 * With {@code clock=rig}, event times are mapped with the clock fit of the session's stream socket.
 */
final class CommandConnection extends RigSocket implements CommandFeed.Subscriber {

    private static final int MAX_PENDING_ACKS = 4096;

    private final boolean rigClock;
    private final RigEventCodec codec = new RigEventCodec();
    /** seq → System.nanoTime() when forwarded; bounded, the oldest go first. */
    private final Map<Long, Long> forwardedAt = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > MAX_PENDING_ACKS;
        }
    };

    CommandConnection(ServerWebSocket ws, String session, boolean rigClock, Context context,
                      GatewayServices services) {
        super(ws, session, context, services);
        this.rigClock = rigClock;
    }

    @Override
    void start() {
        super.start();
        services.feed().subscribe(session, this);
        services.metrics().commandConnections.incrementAndGet();
    }

    @Override
    public void deliver(StimulusCommand command, String json) {
        context.runOnContext(v -> {
            if (isClosed()) {
                services.metrics().commandsWithoutRig.increment();
                return;
            }
            ws.writeTextMessage(json);
            forwardedAt.put(command.seq(), System.nanoTime());
            services.metrics().commandsForwarded.increment();
        });
    }

    @Override
    void onText(long n, String message) {
        byte[] bytes = utf8(message);
        try {
            RigEvent e = codec.decode(bytes);
            if (e.kind() == RigEventKind.COMMAND_ACK && e.session().equals(session)) {
                services.metrics().commandAcks.increment();
                Long sent = forwardedAt.remove(e.commandSeq());
                if (sent != null) {
                    services.metrics().recordAckLatency(System.nanoTime() - sent);
                }
            }
        } catch (MalformedRecordException ignored) {
            // the publisher rejects it with the same message, answers with an error frame and dead-letters it
        }
        ClockFit fit = rigClock ? services.metrics().clocks.get(session) : null;
        if (rigClock && fit == null) {
            refuse(n, Topics.RIG_EVENTS.name(), bytes, "clock=rig: no clock fit for session " + session
                    + " yet: open /rig/v1/stream?session=" + session + "&clock=rig and answer its pings first");
            return;
        }
        publish(n, RecordKind.EVENT, bytes, fit);
    }

    @Override
    void onBinary(long n, Buffer message) {
        refuse(n, Topics.RIG_EVENTS.name(), message.getBytes(),
                "the command socket takes JSON rig events (COMMAND_ACK), not binary messages");
    }

    @Override
    void onClose() {
        services.feed().unsubscribe(session, this);
        services.metrics().commandConnections.decrementAndGet();
    }
}
