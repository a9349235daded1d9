package org.zaploop.launcher.status;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.zaploop.protocol.topics.TopicSpec;

/**
 * How many records each topic has taken since a starting point, read from the brokers' end offsets. It sees
 * every producer (in this process or not), which is why the demo's status line uses it.
 *
 * <p>Reads topic metadata and end offsets of the given topics; writes nothing.
 */
public final class TopicFlow {

    private final Admin admin;
    private final List<TopicSpec> topics;
    private final Map<String, Long> baseline = new HashMap<>();
    private final Map<String, Long> previous = new HashMap<>();
    private final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();

    public TopicFlow(Admin admin, List<TopicSpec> topics) throws Exception {
        this.admin = admin;
        this.topics = List.copyOf(topics);
        Map<String, TopicDescription> d = admin.describeTopics(topics.stream().map(TopicSpec::name).toList())
                .allTopicNames().get(30, TimeUnit.SECONDS);
        for (TopicDescription td : d.values()) {
            td.partitions().forEach(p -> latest.put(new TopicPartition(td.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<String, Long> now = endOffsets();
        baseline.putAll(now);
        previous.putAll(now);
    }

    /** Records per topic since construction and in the last interval, in catalogue order. */
    public Snapshot sample() throws Exception {
        Map<String, Long> now = endOffsets();
        Map<String, Long> total = new LinkedHashMap<>();
        Map<String, Long> delta = new LinkedHashMap<>();
        for (TopicSpec t : topics) {
            long n = now.getOrDefault(t.name(), 0L);
            total.put(t.name(), n - baseline.getOrDefault(t.name(), 0L));
            delta.put(t.name(), n - previous.getOrDefault(t.name(), 0L));
        }
        previous.putAll(now);
        return new Snapshot(total, delta);
    }

    private Map<String, Long> endOffsets() throws Exception {
        ListOffsetsResult r = admin.listOffsets(latest);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> all = r.all().get(10, TimeUnit.SECONDS);
        Map<String, Long> sums = new HashMap<>();
        all.forEach((tp, info) -> sums.merge(tp.topic(), info.offset(), Long::sum));
        return sums;
    }

    /**
     * @param total records per topic since the flow started
     * @param delta records per topic since the previous sample
     */
    public record Snapshot(Map<String, Long> total, Map<String, Long> delta) {
    }
}
