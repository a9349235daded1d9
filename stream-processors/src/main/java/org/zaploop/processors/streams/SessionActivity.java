package org.zaploop.processors.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * When each session last sent data to one processor instance (wall-clock ms), so that a session that stopped can
 * be retired and its state freed. Store keys begin with the session and a slash ({@code session/block...}): that is
 * how a restored store's sessions are found and a retired one's keys deleted. Used by the imaging and forecast
 * processors. Not thread-safe: one per processor.
 */
public final class SessionActivity {

    private final Map<String, Long> lastMs = new HashMap<>();

    /**
     * Starts over when a processor is (re)initialised: the sessions its restored store holds count as seen now,
     * and {@code retire} is called on the wall clock every {@code checkMs}.
     */
    public void start(ProcessorContext<?, ?> context, KeyValueStore<String, byte[]> store, long checkMs,
                      Punctuator retire) {
        lastMs.clear();
        seenIn(store, context.currentSystemTimeMs());
        context.schedule(Duration.ofMillis(checkMs), PunctuationType.WALL_CLOCK_TIME, retire);
    }

    public void seen(String session, long nowMs) {
        lastMs.put(session, nowMs);
    }

    /**
     * Counts every session a restored store holds as seen now: after a restart, a session that stopped before it
     * is still retired in time instead of being held for good. Keys of no session (starting with '#') are ignored.
     */
    public void seenIn(KeyValueStore<String, byte[]> store, long nowMs) {
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                int slash = key.indexOf('/');
                if (slash > 0 && key.charAt(0) != '#') {
                    lastMs.putIfAbsent(key.substring(0, slash), nowMs);
                }
            }
        }
    }

    /** Deletes every key of a session ({@code session/...}) from a store; returns the keys deleted. */
    public static List<String> forget(KeyValueStore<String, byte[]> store, String session) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(session + "/", Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                keys.add(kv.key);
            }
        }
        keys.forEach(store::delete); // after the scan: an in-memory store's iterator must not see it change
        return keys;
    }

    public void clear() {
        lastMs.clear();
    }

    /** Removes and returns the sessions that sent nothing for at least {@code afterMs}. */
    public List<String> takeIdle(long nowMs, long afterMs) {
        List<String> idle = new ArrayList<>();
        lastMs.forEach((session, ms) -> {
            if (nowMs - ms >= afterMs) {
                idle.add(session);
            }
        });
        idle.forEach(lastMs::remove);
        return idle;
    }
}
