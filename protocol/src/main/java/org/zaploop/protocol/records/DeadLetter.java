package org.zaploop.protocol.records;

import java.util.Base64;

import org.zaploop.protocol.Names;

/**
 * A record a consumer could not accept, with where it came from and why. Travels on {@code zl.dlq}, key = the
 * source topic name, as JSON. Nothing is dropped silently: every decoder failure ends here.
 *
 * <p>It carries no acquisition time: the rejected record could not be decoded, so its own is unknown;
 * {@code receivedNs} says when the consumer saw it.
 *
 * @param sourceTopic topic the record was read from
 * @param partition   its partition, >= 0
 * @param offset      its offset, >= 0
 * @param receivedNs  when the consumer rejected it, ns since the Unix epoch
 * @param reason      why (usually a {@code MalformedRecordException} message; at most 4096 chars)
 * @param key         the record key, standard base64 with padding, or null
 * @param value       the record value, standard base64 with padding, or null
 */
public record DeadLetter(String sourceTopic, int partition, long offset, long receivedNs, String reason, String key,
                         String value) {

    public DeadLetter {
        Check.notNull("sourceTopic", sourceTopic);
        if (!sourceTopic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("field 'sourceTopic' is not a Kafka topic name: "
                    + Names.show(sourceTopic));
        }
        Check.range("partition", partition, 0, Integer.MAX_VALUE);
        Check.atLeast("offset", offset, 0);
        Check.atLeast("receivedNs", receivedNs, 0);
        Check.text("reason", reason, Limits.MAX_TEXT_CHARS);
        requireBase64("key", key);
        requireBase64("value", value);
    }

    /** A dead letter of raw key and value bytes (either may be null); a long reason is cut to the maximum. */
    public static DeadLetter of(String sourceTopic, int partition, long offset, long receivedNs, String reason,
                                byte[] key, byte[] value) {
        String why = reason == null ? "unknown" : wellFormed(reason);
        if (why.length() > Limits.MAX_TEXT_CHARS) {
            why = why.substring(0, Limits.MAX_TEXT_CHARS - 3) + "...";
            if (Character.isHighSurrogate(why.charAt(why.length() - 4))) {
                why = why.substring(0, why.length() - 4) + "...";
            }
        }
        Base64.Encoder b64 = Base64.getEncoder();
        return new DeadLetter(sourceTopic, partition, offset, receivedNs, why,
                key == null ? null : b64.encodeToString(key), value == null ? null : b64.encodeToString(value));
    }

    /**
     * The text with every unpaired surrogate replaced by U+FFFD: a reason often quotes the bad input (a lone
     * surrogate from a JSON escape), and a dead letter must still be writable then.
     */
    private static String wellFormed(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                if (b != null) {
                    b.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
                b.append('\uFFFD');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    public byte[] keyBytes() {
        return key == null ? null : Base64.getDecoder().decode(key);
    }

    public byte[] valueBytes() {
        return value == null ? null : Base64.getDecoder().decode(value);
    }

    private static void requireBase64(String field, String s) {
        if (s == null) {
            return;
        }
        if (s.length() % 4 != 0 || !s.matches("[A-Za-z0-9+/]*={0,2}")) {
            throw new IllegalArgumentException("field '" + field + "' is not standard padded base64");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(s);
            // Only canonical base64 round-trips byte for byte (no stray bits in the last character).
            if (!Base64.getEncoder().encodeToString(bytes).equals(s)) {
                throw new IllegalArgumentException("field '" + field + "' is not canonical base64");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "' is not standard padded base64");
        }
    }
}
