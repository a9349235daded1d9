package org.zaploop.protocol.topics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Waits for newly created partitions to be writable before anyone is told their topics are ready. */
public final class PartitionLogs {

    private PartitionLogs() {
    }

    /**
     * Brokers announce a new partition's leader before they have created its log: with the whole catalogue on one
     * broker, most partitions had no log yet when creation was confirmed, for a few hundred ms more. An idempotent
     * producer's first batch to such a partition fails and is retried, while its next batch may land first and be
     * taken as where the producer starts; the retried first batch is then refused as out of order for good and its
     * records are lost (this lost planes: OutOfOrderSequenceException on {@code zl.imaging.planes}). So wait until
     * every replica of every created partition has its log before anyone is told the topics are ready.
     *
     * @param created   topics just created (their descriptions must be available)
     * @param timeoutMs how long to wait in all before failing with a {@link ProvisioningException}
     */
    public static void await(Admin admin, Set<String> created, long timeoutMs) {
        if (created.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Map<Integer, Set<TopicPartition>> missing = new HashMap<>();
        for (TopicDescription topic : describe(admin, created, deadline, timeoutMs).values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                for (Node replica : partition.replicas()) {
                    missing.computeIfAbsent(replica.id(), id -> new HashSet<>())
                            .add(new TopicPartition(topic.name(), partition.partition()));
                }
            }
        }
        long backoffMs = 10;
        while (true) {
            Map<Integer, Map<String, LogDirDescription>> dirs;
            try {
                dirs = admin.describeLogDirs(missing.keySet()).allDescriptions().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ClusterAuthorizationException) {
                    return; // this principal may create topics but not look at log directories: nothing to wait on
                }
                throw new ProvisioningException("broker refused to describe its log directories: "
                        + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("interrupted while waiting for new partitions' logs", e);
            } catch (TimeoutException e) {
                throw new ProvisioningException("no answer from the broker within " + timeoutMs + " ms", e);
            }
            dirs.forEach((broker, byDir) -> byDir.values()
                    .forEach(dir -> missing.getOrDefault(broker, Set.of()).removeAll(dir.replicaInfos().keySet())));
            missing.values().removeIf(Set::isEmpty);
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ProvisioningException("new partitions " + missing + " (by broker) still had no log "
                        + timeoutMs + " ms after their topics were created", null);
            }
            pause(backoffMs, "waiting for new partitions' logs");
            backoffMs = Math.min(500, backoffMs * 2);
        }
    }

    /** Sleeps between polls of the broker; an interruption ends provisioning. */
    static void pause(long ms, String what) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while " + what, e);
        }
    }

    /** The topics' descriptions, once the broker knows them all (it may not, straight after their creation). */
    private static Map<String, TopicDescription> describe(Admin admin, Set<String> topics, long deadline,
                                                          long timeoutMs) {
        long backoffMs = 10;
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new ProvisioningException("broker refused to describe new topics " + topics + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("interrupted while describing new topics", e);
            } catch (TimeoutException e) {
                throw new ProvisioningException("no answer from the broker within " + timeoutMs + " ms", e);
            }
            pause(backoffMs, "waiting for new topics to appear");
            backoffMs = Math.min(500, backoffMs * 2);
        }
    }
}
