package org.zaploop.protocol.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka client settings beyond the bootstrap servers — security ({@code security.protocol}, {@code sasl.mechanism},
 * {@code sasl.jaas.config}, {@code ssl.truststore.location}, ...) and anything else the operator's cluster needs —
 * read once from a Java properties file and applied to every Kafka client of the process: producers, consumers,
 * admin clients and Kafka Streams, in every component. The file comes from {@code --kafka-config FILE} (which sets
 * the system property {@value #PROPERTY}) or the environment variable {@value #ENV}; without either there are no
 * extra settings. Values win over a component's own defaults, so the operator's file decides. Never printed: the
 * JAAS config holds a password.
 *
 * @param properties the settings, by Kafka config name
 */
public record KafkaClientSettings(Map<String, String> properties) {

    public static final String ENV = "ZAPLOOP_KAFKA_CONFIG";
    public static final String PROPERTY = "zaploop.kafka.config";
    public static final KafkaClientSettings NONE = new KafkaClientSettings(Map.of());

    /** Settings a component owns (its identity, serdes, where it connects): refused in the file, with the reason. */
    private static final Map<String, String> OWNED = Map.of(
            "bootstrap.servers", "give the cluster with --bootstrap",
            "key.serializer", "each client sets its own serdes",
            "value.serializer", "each client sets its own serdes",
            "key.deserializer", "each client sets its own serdes",
            "value.deserializer", "each client sets its own serdes",
            "group.id", "each component names its own consumer group",
            "application.id", "each Streams application names itself");

    private static volatile KafkaClientSettings process;

    public KafkaClientSettings {
        properties = Map.copyOf(properties);
    }

    /**
     * Reads a Java properties file.
     *
     * @throws IllegalArgumentException naming the file and the problem: unreadable, or a setting a component owns
     */
    public static KafkaClientSettings load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("Kafka client settings " + file + ": cannot read: " + e.getMessage(), e);
        }
        Map<String, String> m = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            String why = OWNED.get(name);
            if (why != null) {
                throw new IllegalArgumentException("Kafka client settings " + file + ": '" + name
                        + "' is not allowed here: " + why);
            }
            m.put(name, p.getProperty(name).trim());
        }
        return new KafkaClientSettings(m);
    }

    /**
     * The process's settings: from the file named by the system property {@value #PROPERTY} or else the environment
     * variable {@value #ENV}, read on first use; {@link #NONE} without either.
     */
    public static KafkaClientSettings process() {
        KafkaClientSettings s = process;
        if (s == null) {
            synchronized (KafkaClientSettings.class) {
                s = process;
                if (s == null) {
                    String file = System.getProperty(PROPERTY);
                    if (file == null || file.isBlank()) {
                        file = System.getenv(ENV);
                    }
                    s = file == null || file.isBlank() ? NONE : load(Path.of(file));
                    process = s;
                }
            }
        }
        return s;
    }

    /** Uses this file for every Kafka client of the process from now on ({@code --kafka-config FILE}). */
    public static synchronized KafkaClientSettings use(Path file) {
        KafkaClientSettings s = load(file);
        System.setProperty(PROPERTY, file.toAbsolutePath().toString());
        process = s;
        return s;
    }

    /** Forgets the process's settings, so the next {@link #process()} reads them again (tests). */
    public static synchronized void reset() {
        process = null;
    }

    /** Puts every setting into a client's config (overriding what is there) and returns it. */
    public Properties applyTo(Properties config) {
        config.putAll(properties);
        return config;
    }

    /** As {@link #applyTo(Properties)}, for configs held as a map (Kafka Streams, admin clients). */
    public Map<String, Object> applyTo(Map<String, Object> config) {
        config.putAll(properties);
        return config;
    }

    /** The process's settings applied to {@code config}: the one call every client-building place makes. */
    public static Properties secure(Properties config) {
        return process().applyTo(config);
    }

    /** The process's settings applied to {@code config}. */
    public static Map<String, Object> secure(Map<String, Object> config) {
        return process().applyTo(config);
    }

    public boolean isEmpty() {
        return properties.isEmpty();
    }

    @Override
    public String toString() {
        // Names only, and values of the harmless ones: the JAAS config and passwords never leave the process.
        StringBuilder b = new StringBuilder("KafkaClientSettings[");
        String sep = "";
        for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(secret(e.getKey()) ? "***" : e.getValue());
            sep = ", ";
        }
        return b.append(']').toString();
    }

    private static final Set<String> SECRET_WORDS = Set.of("jaas", "password", "secret", "key", "token", "credential");

    private static boolean secret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(n::contains);
    }
}
