package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.processors.imaging.topology.SegmentationPublisher;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.NeuronTable;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.NeuronTableBlock;

class SegmentationPublisherTest {

    @TempDir
    Path dir;

    @Test
    void loadsTheLabelVolumeOfAnArchiveAndPublishesBlocksOf512() throws Exception {
        SyntheticSession fish = new SyntheticSession("fish-01", 96, 80, 6, 600, 1, 0f, 0, 1, 17);
        Path archive = dir.resolve("fish");
        int[] counts = new int[fish.neurons];
        for (int l : fish.labels) {
            if (l > 0) {
                counts[l - 1]++;
            }
        }
        int[] ids = new int[fish.neurons];
        float[] cz = new float[fish.neurons];
        for (int i = 0; i < fish.neurons; i++) {
            ids[i] = 1000 + i;
            cz[i] = fish.cz[i];
        }
        try (SessionArchive a = SessionArchive.create(archive, new ArchiveMeta("fish-01", fish.width, fish.height,
                fish.depth, 0.406, 0.406, 4.0, 0.9141, fish.neurons, 0, 0, Map.of()))) {
            a.writeLabels(fish.labels);
            a.writeNeuronTable(new NeuronTable(ids, fish.cx, fish.cy, cz, counts));
        }
        List<NeuronTableBlock> blocks = SegmentationPublisher.load(archive, "fish-07", 3);
        assertEquals(2, blocks.size());
        assertEquals(512, blocks.get(0).neuronCount());
        assertEquals(88, blocks.get(1).neuronCount());
        assertEquals(1512, blocks.get(1).ids()[0]);
        NeuronFootprints got = NeuronFootprints.assemble(blocks);
        NeuronFootprints want = fish.footprints();
        assertArrayEquals(want.start(), got.start());
        assertArrayEquals(want.voxels(), got.voxels());
        assertEquals("fish-07", got.session());
        assertEquals(3, got.version());

        MockProducer<String, NeuronTableBlock> mock = new MockProducer<>(true, null,
                Topics.SEGMENTATION.keySerde().serializer(), Topics.SEGMENTATION.valueSerde().serializer());
        try (SegmentationPublisher pub = new SegmentationPublisher(mock)) {
            assertEquals(2, pub.publish(archive, "fish-07", 3));
        }
        List<ProducerRecord<String, NeuronTableBlock>> sent = mock.history();
        assertEquals(Keys.blockKey("fish-07", 1), sent.get(1).key());
        assertEquals(Topics.SEGMENTATION.name(), sent.get(0).topic());

        // a table is stamped with its own time, like the planes: the imaging task takes it before later planes
        MockProducer<String, NeuronTableBlock> stamped = new MockProducer<>(true, null,
                Topics.SEGMENTATION.keySerde().serializer(), Topics.SEGMENTATION.valueSerde().serializer());
        try (SegmentationPublisher pub = new SegmentationPublisher(stamped)) {
            assertEquals(6, pub.publish(fish.blocks(1, 100)));
        }
        for (ProducerRecord<String, NeuronTableBlock> r : stamped.history()) {
            assertEquals(fish.acquisitionNs(0, 0) / 1_000_000, r.timestamp());
        }
    }
}
