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
import org.zaploop.sim.model.LifParams;

class CsvNetworkLoaderTest {

    @TempDir
    Path dir;

    private final CsvNetworkLoader loader = new CsvNetworkLoader(CsvNetworkLoader.defaultModels(), 0.1);

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void loadsNeuronsAndEdgesGroupedByPopulation() throws IOException {
        Path n = write("neurons.csv", """
                id,population,model,x,y,z
                # a comment
                10,exc,lif,1,2,3
                11,inh,izhikevich,4,5,6
                12,exc,lif,7,8,9
                """);
        Path e = write("edges.csv", """
                source,target,weight,delay_ms,type
                10,12,1.5,2.0,exc
                12,11,0.5,0.1,exc
                11,10,-2.0,1.0,inh
                """);
        LoadedNetwork ln = loader.load(n, e);
        assertEquals(2, ln.spec().populations().size());
        assertEquals("exc", ln.spec().populations().get(0).name());
        assertTrue(ln.spec().populations().get(0).model() instanceof LifParams);
        assertEquals(12L, ln.fileIds()[1]); // exc neurons first: 10, 12, then inh 11
        assertEquals(2, ln.indexOf(11));
        Network net = NetworkBuilder.build(ln.spec(), 1);
        assertEquals(3, net.synapses().size());
        assertEquals(7f, net.positionsUm()[3]);
        int k = net.synapses().rowStart(0); // neuron id 10 -> id 12 (index 1)
        assertEquals(1, net.synapses().target(k));
        assertEquals(20, net.synapses().delaySteps(k));
    }

    @Test
    void malformedFilesNameFileLineAndProblem() throws IOException {
        Path good = write("neurons.csv", "id,population,model,x,y,z\n1,a,lif,0,0,0\n2,a,lif,0,0,0\n");
        Path okEdges = write("edges.csv", "source,target,weight,delay_ms,type\n");
        NetworkFormatException e1 = assertThrows(NetworkFormatException.class, () -> loader.load(
                write("n1.csv", "id,population,model,x,y,z\n1,a,lif,0,0,0\n2,a,hodgkin,0,0,0\n"), okEdges));
        assertEquals("n1.csv", e1.file());
        assertEquals(3, e1.line());
        assertTrue(e1.getMessage().contains("unknown model 'hodgkin'"), e1.getMessage());

        NetworkFormatException e2 = assertThrows(NetworkFormatException.class, () -> loader.load(
                write("n2.csv", "id,population,x,y,z\n1,a,0,0,0\n"), okEdges));
        assertTrue(e2.getMessage().startsWith("n2.csv:1: header lacks column 'model'"), e2.getMessage());

        NetworkFormatException e3 = assertThrows(NetworkFormatException.class, () -> loader.load(
                write("n3.csv", "id,population,model,x,y,z\n1,a,lif,0,0,0\n1,a,lif,0,0,0\n"), okEdges));
        assertTrue(e3.getMessage().contains("n3.csv:3: duplicate neuron id 1"), e3.getMessage());

        NetworkFormatException e4 = assertThrows(NetworkFormatException.class, () -> loader.load(good,
                write("e4.csv", "source,target,weight,delay_ms,type\n1,2,0.5,1,exc\n1,9,0.5,1,exc\n")));
        assertEquals("e4.csv:3: unknown target neuron id 9", e4.getMessage());

        NetworkFormatException e5 = assertThrows(NetworkFormatException.class, () -> loader.load(good,
                write("e5.csv", "source,target,weight,delay_ms,type\n1,2,abc,1,exc\n")));
        assertEquals("e5.csv:2: weight is not a finite number: 'abc'", e5.getMessage());

        NetworkFormatException e6 = assertThrows(NetworkFormatException.class, () -> loader.load(good,
                write("e6.csv", "source,target,weight,delay_ms,type\n1,2,1,1,gap\n")));
        assertTrue(e6.getMessage().startsWith("e6.csv:2: synapse type must be exc or inh"), e6.getMessage());

        NetworkFormatException e7 = assertThrows(NetworkFormatException.class, () -> loader.load(good,
                write("e7.csv", "source,target,weight,delay_ms,type\n1,2,1\n")));
        assertTrue(e7.getMessage().startsWith("e7.csv:2: expected at least"), e7.getMessage());
    }
}
