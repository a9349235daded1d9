package org.zaploop.launcher.deadletters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.launcher.broker.EmbeddedBroker;
import org.zaploop.launcher.cli.DeadLettersCommand;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;
import picocli.CommandLine;

/** {@code zaploop dead-letters} against a real broker: what was refused, by session, with the topic's odd records. */
class DeadLettersCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new DeadLettersCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsTheDeadLettersOfASessionWithTheirKindsAndCountsWhatIsNotADeadLetter() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0)) {
            String bootstrap = broker.bootstrapServers();
            Run missing = run("--bootstrap", bootstrap, "--timeout", "5");
            assertEquals(1, missing.exit(), missing.out() + missing.err());
            assertTrue(missing.err().contains("zl.dlq does not exist"), missing.err());

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            }
            String dlq = Topics.DLQ.name();
            try (KafkaProducer<String, DeadLetter> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    Topics.DLQ.keySerde().serializer(), Topics.DLQ.valueSerde().serializer());
                 KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                         new StringSerializer(), new ByteArraySerializer())) {
                long now = System.currentTimeMillis() * 1_000_000L;
                p.send(new ProducerRecord<>(dlq, "zl.imaging.planes", DeadLetter.of("zl.imaging.planes", 1, 7, now,
                        "no segmentation for session fish-a yet", bytes("fish-a/3"), new byte[340]))).get(30, TimeUnit.SECONDS);
                p.send(new ProducerRecord<>(dlq, "zl.imaging.planes", DeadLetter.of("zl.imaging.planes", 1, 8, now + 1,
                        "no segmentation for session fish-a yet", bytes("fish-a/4"), new byte[340]))).get(30, TimeUnit.SECONDS);
                p.send(new ProducerRecord<>(dlq, "zl.ephys", DeadLetter.of("zl.ephys", 0, 2, now + 2,
                        "sample index went back by 600", bytes("fish-b"), new byte[10]))).get(30, TimeUnit.SECONDS);
                raw.send(new ProducerRecord<>(dlq, "zl.ephys", bytes("not a dead letter"))).get(30, TimeUnit.SECONDS);
            }

            Run a = run("--bootstrap", bootstrap, "--session", "fish-a", "--json");
            assertEquals(0, a.exit(), a.err());
            JsonNode j = new ObjectMapper().readTree(a.out());
            assertEquals(2, j.get("count").asInt());
            assertEquals(1, j.get("malformed").asInt(), "the record that is not a dead letter is counted, not hidden");
            assertEquals(2, j.get("summary").get("zl.imaging.planes").get("no segmentation for session SESSION yet").asInt());
            assertEquals("fish-a/3", j.get("deadLetters").get(0).get("key").asText());
            assertEquals(340, j.get("deadLetters").get(0).get("valueBytes").asInt());

            Run table = run("--bootstrap", bootstrap);
            assertEquals(0, table.exit(), table.err());
            assertTrue(table.out().contains("sample index went back by 600"), table.out());
            assertTrue(table.out().contains("3 dead letter(s); 1 record(s) on the topic are not dead letters"),
                    table.out());

            Run summary = run("--bootstrap", bootstrap, "--source", "zl.ephys", "--summary");
            assertEquals(0, summary.exit(), summary.err());
            assertTrue(!summary.out().contains("part:offset") && summary.out().contains("1 dead letter(s) from zl.ephys"),
                    summary.out());

            Run bad = run("--bootstrap", bootstrap, "--session", "no such/session");
            assertEquals(2, bad.exit());
            assertTrue(bad.err().startsWith("Bad --session"), bad.err());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
