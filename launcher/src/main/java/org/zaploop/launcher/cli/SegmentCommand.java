package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.zaploop.processors.imaging.topology.SegmentationPublisher;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

/**
 * {@code zaploop segment}: changes a running session's segmentation. {@code --rerun} asks the imaging processor to
 * detect the nuclei again (a {@code RESEGMENT} event on {@code zl.rig.events}; it averages the next volumes,
 * registered against its running reference, and publishes the next table version to {@code zl.segmentation});
 * {@code --labels ARCHIVE} publishes an archive's label volume as the next version instead. With {@code --wait} it
 * returns once the new version is complete on {@code zl.segmentation}. Exit codes: 0 done, 1 failure or no new
 * version in time, 2 usage error.
 */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = {"Re-run a session's online segmentation, or publish a label volume as its new neuron table.",
                "Example: zaploop segment --session demo-1 --rerun --wait 2m"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:requested (and, with --wait, the new table version is out)",
                "1:Kafka unreachable, or no new version within --wait", "2:usage error"})
public final class SegmentCommand implements Callable<Integer> {

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session to segment.")
    String session;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--rerun", description = "Detect the nuclei again from the next registered volumes.")
        boolean rerun;

        @Option(names = "--labels", paramLabel = "ARCHIVE",
                description = "Publish this archive's segmentation label volume (a ZapLoop archive or the ZAPBench "
                        + "layout) as the session's next neuron-table version.")
        Path labels;
    }

    @Option(names = "--wait", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Wait up to this long for the new table version to be complete on zl.segmentation.")
    Duration wait;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "The Kafka cluster (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Duration read = Duration.ofSeconds(30);
        long before = SegmentationVersions.newestComplete(bootstrap, session, read);
        if (what.rerun) {
            requestRerun(bootstrap, session);
            out.printf("re-segmentation of session %s requested (table version in use: %s); the imaging processor "
                    + "detects on its next volumes and publishes version %d or later%n", session,
                    before == 0 ? "none" : before, before + 1);
        } else {
            try (SegmentationPublisher p = new SegmentationPublisher(bootstrap)) {
                int blocks = p.publish(what.labels, session, before + 1);
                out.printf("segmentation of %s published for session %s as table version %d (%d blocks)%n",
                        what.labels, session, before + 1, blocks);
            }
        }
        out.flush();
        if (wait == null) {
            return 0;
        }
        try {
            long now = SegmentationVersions.awaitComplete(bootstrap, session, before + 1, wait);
            out.printf("session %s: neuron table version %d is out%n", session, now);
            out.flush();
            return 0;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().printf("zaploop segment: no new table version for session %s within %s%n",
                    session, wait);
            return 1;
        }
    }

    /** Sends the RESEGMENT request for the session to zl.rig.events (key session) and waits for the broker. */
    static void requestRerun(String bootstrap, String session) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, RigEvent> producer = new KafkaProducer<>(p,
                Topics.RIG_EVENTS.keySerde().serializer(), Topics.RIG_EVENTS.valueSerde().serializer())) {
            RigEvent e = new RigEvent(session, ZapLoopClock.nowNs(), RigEventKind.RESEGMENT, null, null, null, null,
                    null, "zaploop segment --rerun");
            producer.send(new ProducerRecord<>(Topics.RIG_EVENTS.name(), session, e)).get();
        }
    }
}
