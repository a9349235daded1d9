package org.zaploop.protocol.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes a cluster hold the topics of a catalogue: creates what is missing with the catalogue's partitions and
 * configs, and reports how existing topics drift from it. Running it twice changes nothing the second time.
 *
 * <p>Reads and writes topic metadata only (no records).
 */
public final class TopicProvisioner {

    private final Admin admin;
    private final short replicationFactor;
    private final int minInsyncReplicas;
    private final long timeoutMs;

    /**
     * @param admin             an admin client of the target cluster (the caller owns and closes it)
     * @param replicationFactor replicas per partition for created topics (1 on a single broker, 3 on a cluster)
     * @param timeoutMs         how long each admin call may take before provisioning fails
     */
    public TopicProvisioner(Admin admin, short replicationFactor, long timeoutMs) {
        this(admin, replicationFactor, 0, timeoutMs);
    }

    /**
     * @param minInsyncReplicas {@code min.insync.replicas} of created topics: how many replicas must hold a record
     *                          before an {@code acks=all} write succeeds (2 with 3 replicas: one broker may be lost
     *                          without losing an acknowledged record or refusing writes); 0 keeps the broker's default.
     *                          A catalogue entry that sets it itself wins.
     */
    public TopicProvisioner(Admin admin, short replicationFactor, int minInsyncReplicas, long timeoutMs) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, got " + replicationFactor);
        }
        if (minInsyncReplicas < 0 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("min.insync.replicas must be between 1 and the replication factor "
                    + replicationFactor + " (or 0 for the broker's default), got " + minInsyncReplicas);
        }
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.minInsyncReplicas = minInsyncReplicas;
        this.timeoutMs = timeoutMs;
    }

    /** Creates the missing topics of {@code specs} and describes all of them. */
    public List<TopicState> provision(Collection<TopicSpec> specs) {
        Set<String> existing = await(admin.listTopics().names());
        List<NewTopic> missing = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                missing.add(new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(configsOf(spec)));
            }
        }
        Set<String> created = createAll(missing);
        awaitVisible(created);
        awaitLogs(created);
        return describe(specs, created);
    }

    /**
     * A created topic is committed by the controller before every broker's metadata shows it: wait (bounded by
     * the timeout) until the cluster lists all of them, so the description that follows is complete.
     */
    private void awaitVisible(Set<String> created) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long backoffMs = 20;
        while (!created.isEmpty() && !await(admin.listTopics().names()).containsAll(created)) {
            if (System.nanoTime() > deadline) {
                throw new ProvisioningException("topics " + created + " were created but did not appear in the "
                        + "cluster's metadata within " + timeoutMs + " ms", null);
            }
            pause(backoffMs, "waiting for new topics to appear");
            backoffMs = Math.min(500, backoffMs * 2);
        }
    }

    /**
     * Brokers announce a new partition's leader before they have created its log: with the whole catalogue on one
     * broker, most partitions had no log yet when creation was confirmed, for a few hundred ms more. An idempotent
     * producer's first batch to such a partition fails and is retried, while its next batch may land first and be
     * taken as where the producer starts; the retried first batch is then refused as out of order for good and its
     * records are lost (this lost planes: OutOfOrderSequenceException on {@code zl.imaging.planes}). So wait until
     * every replica of every created partition has its log before anyone is told the topics are ready.
     */
    private void awaitLogs(Set<String> created) {
        if (created.isEmpty()) {
            return;
        }
        Map<Integer, Set<TopicPartition>> missing = new HashMap<>();
        for (TopicDescription topic : await(admin.describeTopics(created).allTopicNames()).values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                for (Node replica : partition.replicas()) {
                    missing.computeIfAbsent(replica.id(), id -> new HashSet<>())
                            .add(new TopicPartition(topic.name(), partition.partition()));
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
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

    private static void pause(long ms, String what) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while " + what, e);
        }
    }

    private Map<String, String> configsOf(TopicSpec spec) {
        if (minInsyncReplicas == 0 || spec.configs().containsKey(MIN_ISR)) {
            return spec.configs();
        }
        Map<String, String> c = new HashMap<>(spec.configs());
        c.put(MIN_ISR, String.valueOf(minInsyncReplicas));
        return c;
    }

    private static final String MIN_ISR = "min.insync.replicas";

    /** Describes {@code specs} as the cluster holds them, without creating anything. Missing topics show as drift. */
    public List<TopicState> verify(Collection<TopicSpec> specs) {
        return describe(specs, Set.of());
    }

    private Set<String> createAll(List<NewTopic> missing) {
        if (missing.isEmpty()) {
            return Set.of();
        }
        CreateTopicsResult result = admin.createTopics(missing);
        Set<String> created = new java.util.HashSet<>();
        for (Map.Entry<String, KafkaFuture<Void>> e : result.values().entrySet()) {
            try {
                e.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                created.add(e.getKey());
            } catch (ExecutionException ex) {
                // Another process (a second launcher, a compose service) may have created it in between: fine.
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw new ProvisioningException("could not create topic " + e.getKey() + ": "
                            + ex.getCause().getMessage(), ex.getCause());
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("interrupted while creating topic " + e.getKey(), ex);
            } catch (TimeoutException ex) {
                throw new ProvisioningException("broker did not confirm topic " + e.getKey() + " within "
                        + timeoutMs + " ms", ex);
            }
        }
        return created;
    }

    private List<TopicState> describe(Collection<TopicSpec> specs, Set<String> created) {
        Set<String> existing = await(admin.listTopics().names());
        List<String> present = specs.stream().map(TopicSpec::name).filter(existing::contains).toList();
        Map<String, TopicDescription> descriptions = present.isEmpty() ? Map.of()
                : await(admin.describeTopics(present).allTopicNames());
        List<ConfigResource> resources = present.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = resources.isEmpty() ? Map.of()
                : await(admin.describeConfigs(resources).all());

        List<TopicState> states = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                states.add(new TopicState(spec, false, 0, Map.of(),
                        List.of(new TopicDrift(spec.name(), "exists", "yes", "no"))));
                continue;
            }
            int partitions = descriptions.get(spec.name()).partitions().size();
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            Map<String, String> actual = new HashMap<>();
            List<TopicDrift> drift = new ArrayList<>();
            if (partitions != spec.partitions()) {
                drift.add(new TopicDrift(spec.name(), "partitions", String.valueOf(spec.partitions()),
                        String.valueOf(partitions)));
            }
            for (Map.Entry<String, String> wanted : spec.configs().entrySet()) {
                ConfigEntry entry = config.get(wanted.getKey());
                String value = entry == null ? "(unset)" : entry.value();
                actual.put(wanted.getKey(), value);
                if (!wanted.getValue().equals(value)) {
                    drift.add(new TopicDrift(spec.name(), wanted.getKey(), wanted.getValue(), value));
                }
            }
            states.add(new TopicState(spec, created.contains(spec.name()), partitions, actual, drift));
        }
        return states;
    }

    private <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ProvisioningException("broker refused a topic request: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while talking to the broker", e);
        } catch (TimeoutException e) {
            throw new ProvisioningException("no answer from the broker within " + timeoutMs
                    + " ms: is it running, and is the bootstrap address right?", e);
        }
    }
}
