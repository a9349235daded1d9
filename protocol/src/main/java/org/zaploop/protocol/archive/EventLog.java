package org.zaploop.protocol.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The archive's {@code events.jsonl}: one JSON object per line, appended; {@link #force()} makes the appended
 * lines durable and reports how many bytes and lines are. Readers read only the committed prefix.
 */
final class EventLog implements AutoCloseable {

    static final String FILE = "events.jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FileChannel channel;
    private long bytes;
    private long count;

    EventLog(Path archive) throws IOException {
        this.channel = FileChannel.open(archive.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Reopens the log of an interrupted writer for appending after its committed part: the uncommitted tail
     * ({@code bytes} onwards, possibly a torn line) is cut off.
     */
    EventLog(Path archive, long bytes, long count) throws IOException {
        Path file = archive.resolve(FILE);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (channel.size() < bytes) {
            channel.close();
            throw new ArchiveFormatException(file, "is " + Files.size(file) + " bytes but the commit record covers "
                    + bytes);
        }
        channel.truncate(bytes);
        channel.force(true);
        channel.position(bytes);
        this.bytes = bytes;
        this.count = count;
    }

    /** Appends one event; {@code json} must be a JSON object. Returns the line as stored (compact). */
    String append(String json) throws IOException {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event is not JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("event must be a JSON object, got " + json);
        }
        String line = MAPPER.writeValueAsString(n);
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        bytes += buf.remaining();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        count++;
        return line;
    }

    /** Forces appended lines to disk; returns {bytes, lines} now durable. */
    long[] force() throws IOException {
        channel.force(false);
        return new long[] {bytes, count};
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The first {@code count} lines within the first {@code bytes} bytes of the log, each a JSON object. */
    static List<String> read(Path archive, long bytes, long count) throws IOException {
        Path file = archive.resolve(FILE);
        if (count == 0) {
            return List.of();
        }
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ArchiveFormatException(file, "missing although the commit record covers " + count + " events");
        }
        if (all.length < bytes) {
            throw new ArchiveFormatException(file, "is " + all.length + " bytes but the commit record covers "
                    + bytes);
        }
        String text = new String(all, 0, (int) bytes, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                throw new ArchiveFormatException(file, "committed part ends inside line " + (lines.size() + 1));
            }
            String line = text.substring(start, end);
            try {
                JsonNode n = MAPPER.readTree(line);
                if (n == null || !n.isObject()) {
                    throw new ArchiveFormatException(file, "line " + (lines.size() + 1) + " is not a JSON object");
                }
            } catch (JsonProcessingException e) {
                throw new ArchiveFormatException(file, "line " + (lines.size() + 1) + " is malformed JSON: "
                        + e.getOriginalMessage(), e);
            }
            lines.add(line);
            start = end + 1;
        }
        if (lines.size() != count) {
            throw new ArchiveFormatException(file, "holds " + lines.size() + " committed lines, the commit record says "
                    + count);
        }
        return lines;
    }
}
