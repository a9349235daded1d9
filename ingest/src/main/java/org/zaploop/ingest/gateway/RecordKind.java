package org.zaploop.ingest.gateway;

import java.nio.charset.StandardCharsets;

import org.zaploop.protocol.Topic;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.EphysBlockCodec;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.records.Limits;
import org.zaploop.protocol.topics.TopicCatalogue;

/** The three kinds of record a rig sends, with their topic and the largest record the gateway takes. */
enum RecordKind {
    /** ZLPL imaging plane → {@code zl.imaging.planes}, key {@code session/z}. */
    PLANE(Topics.PLANES, TopicCatalogue.PLANE_MAX_MESSAGE_BYTES - RecordKind.KAFKA_OVERHEAD),
    /** ZLEP ephys block → {@code zl.ephys.blocks}, key {@code session}. */
    EPHYS(Topics.EPHYS, TopicCatalogue.BULK_MAX_MESSAGE_BYTES - RecordKind.KAFKA_OVERHEAD),
    /** JSON RigEvent → {@code zl.rig.events}, key {@code session}. */
    EVENT(Topics.RIG_EVENTS, Limits.MAX_JSON_BYTES);

    /** Room left in a topic's message limit for the key and the batch headers. */
    static final int KAFKA_OVERHEAD = 1024;

    private static final byte[] PLANE_MAGIC = PlaneCodec.MAGIC.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EPHYS_MAGIC = EphysBlockCodec.MAGIC.getBytes(StandardCharsets.US_ASCII);

    private final Topic<String, ?> topic;
    private final int maxBytes;

    RecordKind(Topic<String, ?> topic, int maxBytes) {
        this.topic = topic;
        this.maxBytes = maxBytes;
    }

    String topic() {
        return topic.name();
    }

    int maxBytes() {
        return maxBytes;
    }

    /** The kind of a binary record by its 4-byte magic, or null for anything else. */
    static RecordKind ofBinary(byte[] b) {
        if (startsWith(b, PLANE_MAGIC)) {
            return PLANE;
        }
        if (startsWith(b, EPHYS_MAGIC)) {
            return EPHYS;
        }
        return null;
    }

    private static boolean startsWith(byte[] b, byte[] magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
