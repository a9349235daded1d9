package org.zaploop.processors.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.zaploop.processors.bench.BenchEphysCommand;
import org.zaploop.processors.probe.topology.ProbeTopology;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.TraceBlock;

class SpikeRatesTest {

    @TempDir
    Path dir;

    @Test
    void detectsSyntheticSpikesAtTheTrueRate() {
        int ch = 32;
        SyntheticProbe p = new SyntheticProbe(ch, 30000, 20, 7);
        SpikeRates sr = new SpikeRates(SpikeRates.Config.defaults(), ch, 30000);
        short[] counts = new short[ch * 300];
        float[] data = new float[ch * 300];
        List<Long> bins = new ArrayList<>();
        double[] rateSum = new double[1];
        for (int blk = 0; blk < 1000; blk++) { // 10 s
            p.fill(counts, 300);
            SyntheticProbe.dequantize(counts, data);
            sr.process(data, 0, 300, blk * 300L, (bin, rates) -> {
                bins.add(bin);
                for (float r : rates) {
                    rateSum[0] += r;
                }
            });
        }
        assertEquals(1000, bins.size());
        assertEquals(999, bins.get(999));
        double ratio = sr.spikes() / (double) p.groundTruthSpikes();
        System.out.printf("probe: %d true spikes, %d detected (%.3f), mean rate %.2f Hz%n", p.groundTruthSpikes(),
                sr.spikes(), ratio, rateSum[0] / 1000 / ch);
        assertTrue(ratio > 0.9 && ratio < 1.1, "detected/true = " + ratio);
        assertEquals(20, rateSum[0] / 1000 / ch, 2.5);
        SpikeRates back = SpikeRates.restore(SpikeRates.Config.defaults(), ch, sr.snapshot());
        assertArrayEquals(sr.snapshot(), back.snapshot());
    }

    @Test
    void topologyPublishesUnitRatesAsTraces() throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        ProbeTopology.Counters counters = new ProbeTopology.Counters();
        ProbeTopology.addTo(b, SpikeRates.Config.defaults(), counters);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "probe-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        SyntheticProbe p = new SyntheticProbe(600, 30000, 10, 3);
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(props), props)) {
            TestInputTopic<String, EphysBlock> in = d.createInputTopic(Topics.EPHYS.name(),
                    Topics.EPHYS.keySerde().serializer(), Topics.EPHYS.valueSerde().serializer());
            TestOutputTopic<String, TraceBlock> out = d.createOutputTopic(Topics.TRACES.name(),
                    Topics.TRACES.keySerde().deserializer(), Topics.TRACES.valueSerde().deserializer());
            short[] counts = new short[600 * 300];
            for (int blk = 0; blk < 5; blk++) {
                p.fill(counts, 300);
                in.pipeInput("probe-01", EphysBlock.fromInt16("probe-01", blk * 300L, 30000, 1_000_000_000L
                        + blk * 10_000_000L, 600, 300, SyntheticProbe.SCALE, counts.clone()));
            }
            List<TraceBlock> tr = out.readValuesToList();
            assertEquals(10, tr.size()); // 5 bins × 2 blocks of units (512 + 88)
            assertEquals("probe-01.units", tr.get(0).session());
            assertEquals(512, tr.get(0).neuronCount());
            assertEquals(88, tr.get(1).neuronCount());
            assertEquals(512, tr.get(1).firstNeuron());
            assertEquals(1_000_000_000L + Math.round(299 / 30000.0 * 1e9), tr.get(0).acquisitionNs());
        }
    }

    @Test
    void benchCommandRuns() {
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new BenchEphysCommand());
        cl.setOut(new PrintWriter(sw));
        assertEquals(0, cl.execute("--channels", "64", "--rate", "30000", "--seconds", "1", "--warmup", "0.2",
                "--json"));
        assertTrue(sw.toString().contains("\"samplesPerSecond\""), sw.toString());
    }
}
