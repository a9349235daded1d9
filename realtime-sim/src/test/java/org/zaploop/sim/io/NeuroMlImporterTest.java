package org.zaploop.sim.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.sim.engine.Network;
import org.zaploop.sim.engine.NetworkBuilder;
import org.zaploop.sim.engine.Simulator;
import org.zaploop.sim.engine.SpikeMonitor;
import org.zaploop.sim.model.AdExParams;
import org.zaploop.sim.model.CobaParams;
import org.zaploop.sim.model.IzhikevichParams;
import org.zaploop.sim.model.NetworkSpec;

class NeuroMlImporterTest {

    @TempDir
    Path dir;

    private static final String NET = """
            <?xml version="1.0" encoding="UTF-8"?>
            <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="test">
              <iafCell id="iaf" leakReversal="-65mV" thresh="-50mV" reset="-65mV" C="0.2 nF" leakConductance="10nS"/>
              <izhikevich2007Cell id="izh" v0="-60mV" C="100pF" k="0.7nS_per_mV" vr="-60mV" vt="-40mV"
                  vpeak="35mV" a="0.03per_ms" b="-2nS" c="-50mV" d="100pA"/>
              <adExIaFCell id="adex" C="281pF" gL="30nS" EL="-70.6mV" reset="-70.6mV" VT="-50.4mV" thresh="-40.4mV"
                  delT="2mV" tauw="144ms" refract="0ms" a="4nS" b="0.0805nA"/>
              <expOneSynapse id="ampa" gbase="0.5nS" erev="0mV" tauDecay="5ms"/>
              <expOneSynapse id="gaba" gbase="1nS" erev="-80mV" tauDecay="10ms"/>
              <network id="net">
                <population id="pA" component="iaf" size="3"/>
                <population id="pB" component="izh" size="2"/>
                <population id="pC" component="adex" type="populationList">
                  <instance id="0"><location x="1" y="2" z="3"/></instance>
                  <instance id="1"><location x="4" y="5" z="6"/></instance>
                </population>
                <projection id="ab" presynapticPopulation="pA" postsynapticPopulation="pB" synapse="ampa">
                  <connectionWD id="0" preCellId="../pA/0/iaf" postCellId="../pB/1/izh" weight="2" delay="1.5ms"/>
                  <connection id="1" preCellId="../pA[2]" postCellId="../pB[0]"/>
                </projection>
                <projection id="ca" presynapticPopulation="pC" postsynapticPopulation="pA" synapse="gaba">
                  <connectionWD id="0" preCellId="../pC/1/adex" postCellId="../pA/2/iaf" weight="0.5" delay="0.2 ms"/>
                </projection>
              </network>
            </neuroml>
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void importsCellsPopulationsAndConnectionsWithUnits() throws IOException {
        NetworkSpec spec = NeuroMlImporter.read(write("net.nml", NET), 0.1);
        assertEquals(3, spec.populations().size());
        CobaParams iaf = (CobaParams) spec.populations().get(0).model();
        assertEquals(20.0, iaf.taumMs(), 1e-9); // 200 pF / 10 nS
        assertEquals(-80.0, iaf.eInhMv(), 1e-9);
        assertEquals(10.0, iaf.tauInhMs(), 1e-9);
        IzhikevichParams izh = (IzhikevichParams) spec.populations().get(1).model();
        assertEquals(0.03, izh.a(), 1e-12);
        assertEquals(0.0, izh.eExcMv(), 1e-12);
        AdExParams adex = (AdExParams) spec.populations().get(2).model();
        assertEquals(80.5, adex.bPa(), 1e-9);
        assertEquals(2, spec.populations().get(2).size());
        assertEquals(4f, spec.positionsUm()[3 * 6]);
        Network net = NetworkBuilder.build(spec, 1);
        assertEquals(3, net.synapses().size());
        int k = net.synapses().rowStart(0); // pA[0] -> pB[1] = neuron 4, weight 2 x 0.5 nS, delay 15 steps
        assertEquals(4, net.synapses().target(k));
        assertEquals(1.0f, net.synapses().weight(k), 1e-6);
        assertEquals(15, net.synapses().delaySteps(k));
        int g = net.synapses().rowStart(6); // pC[1] -> pA[2]: 0.5 x 1 nS in units of gL = 10 nS
        assertEquals(0.05f, net.synapses().weight(g), 1e-6);
        assertEquals(1, net.synapses().channel(g));
        try (Simulator sim = new Simulator(net, 1)) {
            SpikeMonitor m = new SpikeMonitor();
            sim.addRecorder(m);
            sim.run(100);
        }
    }

    @Test
    void malformedDocumentsGiveNamedErrors() throws IOException {
        NetworkFormatException unit = assertThrows(NetworkFormatException.class, () -> NeuroMlImporter.read(
                write("unit.nml", NET.replace("tauDecay=\"5ms\"", "tauDecay=\"5mV\"")), 0.1));
        assertEquals("unit.nml", unit.file());
        assertEquals(8, unit.line());
        assertTrue(unit.problem().contains("unit 'mV' is not a time unit"), unit.getMessage());

        NetworkFormatException missing = assertThrows(NetworkFormatException.class, () -> NeuroMlImporter.read(
                write("missing.nml", NET.replace(" thresh=\"-50mV\"", "")), 0.1));
        assertTrue(missing.getMessage().startsWith("missing.nml:3: iafCell 'iaf': missing attribute 'thresh'"),
                missing.getMessage());

        NetworkFormatException range = assertThrows(NetworkFormatException.class, () -> NeuroMlImporter.read(
                write("range.nml", NET.replace("../pB[0]", "../pB[7]")), 0.1));
        assertTrue(range.getMessage().contains("range.nml:19: cell reference '../pB[7]' out of range"),
                range.getMessage());

        NetworkFormatException comp = assertThrows(NetworkFormatException.class, () -> NeuroMlImporter.read(
                write("comp.nml", NET.replace("component=\"izh\"", "component=\"hh\"")), 0.1));
        assertTrue(comp.getMessage().contains("unknown or unsupported cell component 'hh'"), comp.getMessage());

        NetworkFormatException xml = assertThrows(NetworkFormatException.class, () -> NeuroMlImporter.read(
                write("broken.nml", NET.replace("</network>", "")), 0.1));
        assertTrue(xml.getMessage().startsWith("broken.nml:"), xml.getMessage());
        assertTrue(xml.line() > 0);
    }

    @Test
    void refusesExternalEntities() throws IOException {
        String evil = """
                <?xml version="1.0"?>
                <!DOCTYPE neuroml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <neuroml><network id="n"><population id="p" component="&xxe;" size="1"/></network></neuroml>
                """;
        NetworkFormatException e = assertThrows(NetworkFormatException.class,
                () -> NeuroMlImporter.read(write("evil.nml", evil), 0.1));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }
}
