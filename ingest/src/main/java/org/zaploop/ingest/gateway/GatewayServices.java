package org.zaploop.ingest.gateway;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.ingest.clock.NanoClock;
import org.zaploop.protocol.Topics;

/**
 * The gateway's collaborators, built off the event loop and shared by its handlers: the Kafka publisher, the
 * command feed, back-pressure accounting, metrics, the token check and the ZapLoop clock.
 *
 * @param config    the configuration
 * @param publisher Kafka producers (planes, ephys and events, dead letters)
 * @param feed      the stimulus command consumer
 * @param flow      in-flight byte accounting
 * @param metrics   counters
 * @param auth      bearer token check
 * @param clock     the ZapLoop clock (ping times, CLOCK_SYNC times)
 */
record GatewayServices(GatewayConfig config, RecordPublisher publisher, CommandFeed feed, FlowControl flow,
                       GatewayMetrics metrics, TokenAuth auth, NanoClock clock) implements AutoCloseable {

    private static final List<String> REQUIRED_TOPICS = List.of(Topics.PLANES.name(), Topics.EPHYS.name(),
            Topics.RIG_EVENTS.name(), Topics.STIMULUS_COMMANDS.name(), Topics.DLQ.name());

    /** Blocking: checks the topics exist, creates the producers and the consumer, warms them up. */
    static GatewayServices open(GatewayConfig config) {
        requireTopics(config.bootstrap());
        GatewayMetrics metrics = new GatewayMetrics();
        RecordPublisher publisher = new RecordPublisher(config, metrics);
        CommandFeed feed = null;
        try {
            publisher.warmUp();
            feed = new CommandFeed(config.bootstrap(), metrics).start();
        } catch (RuntimeException e) {
            if (feed != null) {
                feed.close();
            }
            publisher.close();
            throw e;
        }
        return new GatewayServices(config, publisher, feed, new FlowControl(config.maxInFlightBytes()), metrics,
                new TokenAuth(config.token()), NanoClock.system());
    }

    private static void requireTopics(String bootstrap) {
        try (Admin admin = Admin.create(KafkaClientSettings.secure(new java.util.HashMap<>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "30000"))))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> missing = REQUIRED_TOPICS.stream().filter(t -> !names.contains(t)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("the rig gateway needs topics " + missing + " on " + bootstrap
                        + ": provision the topic catalogue first (zaploop topics)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        feed.close();
        publisher.close();
    }
}
