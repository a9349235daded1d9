package org.zaploop.ingest.client;

import java.util.Objects;

import org.zaploop.ingest.clock.NanoClock;
import org.zaploop.protocol.Names;

/**
 * How a {@link RigClient} reaches the gateway.
 *
 * @param host            gateway host
 * @param port            gateway port
 * @param token           bearer token, or null when the gateway runs without one
 * @param session         the session this rig records ({@code [A-Za-z0-9_.-]{1,64}})
 * @param rigClock        true: the rig's time stamps are on its own clock ({@code clock=rig}) and the gateway
 *                        maps them; false: they already are ZapLoop time
 * @param clock           the rig's clock, read when answering pings (and by callers for their time stamps)
 * @param commandHandler  decides what to answer to each stimulus command (usually a COMMAND_ACK); null = do not
 *                        open the command socket
 * @param maskFrames      mask outgoing frames as RFC 6455 asks of clients; false saves a pass over every byte
 *                        but needs a gateway started with {@code acceptUnmaskedFrames}
 * @param writeQueueBytes bytes the client queues before {@code send} blocks (its socket's write queue)
 */
public record RigClientConfig(String host, int port, String token, String session, boolean rigClock,
                              NanoClock clock, RigClient.CommandHandler commandHandler, boolean maskFrames,
                              int writeQueueBytes) {

    public static final int DEFAULT_WRITE_QUEUE_BYTES = 16 * 1024 * 1024;

    public RigClientConfig {
        Objects.requireNonNull(host, "host");
        Names.requireSession(session);
        Objects.requireNonNull(clock, "clock");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in [1, 65535], got " + port);
        }
        if (writeQueueBytes < 1024) {
            throw new IllegalArgumentException("writeQueueBytes must be at least 1024, got " + writeQueueBytes);
        }
    }

    /** A rig on the ZapLoop clock, no command socket, masked frames, the default write queue. */
    public static RigClientConfig of(String host, int port, String token, String session) {
        return new RigClientConfig(host, port, token, session, false, NanoClock.system(), null, true,
                DEFAULT_WRITE_QUEUE_BYTES);
    }

    public RigClientConfig withRigClock(NanoClock clock) {
        return new RigClientConfig(host, port, token, session, true, clock, commandHandler, maskFrames,
                writeQueueBytes);
    }

    public RigClientConfig withCommandHandler(RigClient.CommandHandler handler) {
        return new RigClientConfig(host, port, token, session, rigClock, clock, handler, maskFrames, writeQueueBytes);
    }

    public RigClientConfig withMaskFrames(boolean mask) {
        return new RigClientConfig(host, port, token, session, rigClock, clock, commandHandler, mask, writeQueueBytes);
    }

    public RigClientConfig withWriteQueueBytes(int bytes) {
        return new RigClientConfig(host, port, token, session, rigClock, clock, commandHandler, maskFrames, bytes);
    }

    @Override
    public String toString() {
        return "RigClientConfig[" + host + ":" + port + ", session=" + session + ", token="
                + (token == null ? "none" : "***") + ", rigClock=" + rigClock + "]";
    }
}
