package org.zaploop.load.measure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag of a few groups, sampled through the Admin API: each group's committed offsets
 * ({@code listConsumerGroupOffsets}) against the last stable offsets of the same partitions ({@code listOffsets},
 * read_committed, so open transactions of exactly-once producers do not count as lag). A group that has not
 * committed yet has no sample. Reads no topic; writes nothing.
 */
public final class LagSampler implements AutoCloseable {

    private final Admin admin;
    private final List<String> groups;
    private final Map<String, List<LagSample>> series = new LinkedHashMap<>();
    private long failures;

    public LagSampler(String bootstrap, List<String> groups) {
        Map<String, Object> p = new HashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "zaploop-load-lag");
        this.admin = Admin.create(p);
        this.groups = List.copyOf(groups);
        groups.forEach(g -> series.put(g, new ArrayList<>()));
    }

    /** Samples every group now; a group whose offsets cannot be read within two seconds is skipped and counted. */
    public synchronized void sample(double tSeconds) {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new LinkedHashMap<>();
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        for (String g : groups) {
            try {
                Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(g)
                        .partitionsToOffsetAndMetadata().get(2, TimeUnit.SECONDS);
                m.values().removeIf(o -> o == null);
                if (!m.isEmpty()) {
                    committed.put(g, m);
                    m.keySet().forEach(tp -> wanted.put(tp, OffsetSpec.latest()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                failures++;
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends;
        try {
            ends = admin.listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            failures++;
            return;
        }
        committed.forEach((g, m) -> {
            long lag = 0;
            long end = 0;
            for (var e : m.entrySet()) {
                long last = ends.get(e.getKey()).offset();
                end += last;
                lag += Math.max(0, last - e.getValue().offset());
            }
            series.get(g).add(new LagSample(tSeconds, lag, end));
        });
    }

    /** Every group's samples so far, in group order. */
    public synchronized Map<String, List<LagSample>> series() {
        Map<String, List<LagSample>> copy = new LinkedHashMap<>();
        series.forEach((g, s) -> copy.put(g, List.copyOf(s)));
        return copy;
    }

    /** Forgets the samples so far (the warm-up). */
    public synchronized void reset() {
        series.values().forEach(List::clear);
    }

    /** Samples that could not be taken (broker busy or unreachable). */
    public synchronized long failures() {
        return failures;
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
