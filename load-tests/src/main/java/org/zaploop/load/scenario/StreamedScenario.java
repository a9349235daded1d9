package org.zaploop.load.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.KafkaProducer;

import org.zaploop.load.LoadScenario;
import org.zaploop.load.PacedLoop;
import org.zaploop.load.TopicReader;
import org.zaploop.processors.streams.StreamsRunner;

/**
 * What the traces and volumes scenarios share: a paced source writing through a producer into one Streams
 * application, whose output a reader times. Subclasses start the parts and fill the fields; this changes the rate,
 * names the consumer groups (the application's and the reader's), reports trouble and closes everything.
 */
abstract class StreamedScenario implements LoadScenario {

    private final String name;
    private final String app;
    private final String readerGroup;
    private final String main;
    protected double rate;
    protected Path stateDir;
    protected StreamsRunner runner;
    protected TopicReader reader;
    protected KafkaProducer<String, byte[]> producer;
    protected PacedLoop source;

    StreamedScenario(String name, String app, String readerGroup, String main, double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException(name + ": rate must be > 0");
        }
        this.name = name;
        this.app = app;
        this.readerGroup = readerGroup;
        this.main = main;
        this.rate = rate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void rate(double multiplier) {
        rate = multiplier;
        if (source != null) {
            source.rate(multiplier);
        }
    }

    @Override
    public List<String> consumerGroups() {
        return List.of(app, readerGroup);
    }

    @Override
    public String mainStream() {
        return main;
    }

    @Override
    public List<String> notes() {
        List<String> n = new ArrayList<>();
        if (source != null && source.slips() > 0) {
            n.add(name + ": the source fell more than 1 s behind its schedule " + source.slips() + " times "
                    + "(the producer was held back by the broker, or the machine was saturated)");
        }
        if (source != null && source.failure() != null) {
            n.add(name + ": the source stopped: " + source.failure());
        }
        if (reader != null && reader.failure() != null) {
            n.add(name + ": the read-back reader stopped: " + reader.failure());
        }
        if (runner != null && runner.status().containsKey("failure")) {
            n.add(name + ": the Streams application failed: " + runner.status().get("failure"));
        }
        return n;
    }

    @Override
    public void close() {
        Closer.close(source, producer, reader, runner);
        Closer.delete(stateDir);
    }
}
