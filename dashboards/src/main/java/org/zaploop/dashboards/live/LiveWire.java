package org.zaploop.dashboards.live;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary WebSocket messages of the live view (LIVE-VIEW.md): little-endian, a small header whose first byte
 * is the message type, arrays aligned to 4 bytes so the page can view them as typed arrays without copying.
 * Reads and writes no topic.
 */
public final class LiveWire {

    public static final int VERSION = 1;
    public static final int MAP = 1;
    public static final int FRAME = 2;
    public static final int TRACE = 3;
    public static final int MAP_HEADER = 24;
    public static final int FRAME_HEADER = 32;
    public static final int TRACE_HEADER = 24;
    /** Frame flag: not every neuron of the frame arrived (its missing neurons are 0). */
    public static final int FLAG_PARTIAL = 1;

    private LiveWire() {
    }

    /** MAP: the neuron table, once per table version and client. */
    public static byte[] map(NeuronMap.Table t) {
        int n = t.ids().length;
        ByteBuffer b = ByteBuffer.allocate(MAP_HEADER + 16 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) MAP).put((byte) VERSION).putShort((short) 0).putInt(n)
                .putShort((short) t.width()).putShort((short) t.height()).putShort((short) t.depth()).putShort((short) 0)
                .putLong(t.version());
        b.asIntBuffer().put(t.ids());
        b.position(MAP_HEADER + 4 * n);
        b.asFloatBuffer().put(t.x());
        b.position(MAP_HEADER + 8 * n);
        b.asFloatBuffer().put(t.y());
        b.position(MAP_HEADER + 12 * n);
        b.asFloatBuffer().put(t.z());
        return b.array();
    }

    /** FRAME: every neuron's ΔF/F at one frame, one byte each (0 = missing, 1..255 = low..high). */
    public static byte[] frame(TraceFrames.Frame f, float low, float high) {
        byte[] q = f.quanta();
        ByteBuffer b = ByteBuffer.allocate(FRAME_HEADER + q.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) FRAME).put((byte) VERSION).put((byte) (f.partial() ? FLAG_PARTIAL : 0)).put((byte) 0)
                .putInt(q.length).putLong(f.frame()).putLong(f.acquisitionNs()).putFloat(low).putFloat(high).put(q);
        return b.array();
    }

    /**
     * TRACE: the mean ΔF/F of a client's selection over consecutive frames from {@code firstFrame} (NaN where no
     * value arrived); {@code token} echoes the client's selection so the page ignores answers to an older one.
     */
    public static byte[] trace(long firstFrame, int token, int selectionSize, float[] values, int count) {
        ByteBuffer b = ByteBuffer.allocate(TRACE_HEADER + 4 * count).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) TRACE).put((byte) VERSION).putShort((short) 0).putInt(count).putLong(firstFrame)
                .putInt(selectionSize).putInt(token);
        for (int i = 0; i < count; i++) {
            b.putFloat(values[i]);
        }
        return b.array();
    }
}
