package org.zaploop.sim.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zaploop.sim.model.AdExParams;
import org.zaploop.sim.model.CobaParams;
import org.zaploop.sim.model.FromTable;
import org.zaploop.sim.model.InitialState;
import org.zaploop.sim.model.IzhikevichParams;
import org.zaploop.sim.model.LifParams;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.model.NeuronModel;
import org.zaploop.sim.model.Population;
import org.zaploop.sim.model.Projection;
import org.zaploop.sim.model.SynapseType;

/**
 * Reads a network from two CSV tables (comma-separated, one header line naming the columns in
 * any order, no quoting, blank lines and lines starting with {@code #} skipped):
 * <ul>
 *   <li>{@code neurons.csv}: {@code id,population,model,x,y,z} — integer id (unique), population
 *       name, model name (a key of the loader's model map, one model per population), position
 *       in µm;</li>
 *   <li>{@code edges.csv}: {@code source,target,weight,delay_ms,type} — neuron ids, weight in the
 *       target model's synaptic unit, delay in ms (&ge; 0), {@code exc} or {@code inh}.</li>
 * </ul>
 * Populations are laid out in order of first appearance. Every error names file, line and problem.
 */
public final class CsvNetworkLoader {

    private static final String[] NEURON_COLUMNS = {"id", "population", "model", "x", "y", "z"};
    private static final String[] EDGE_COLUMNS = {"source", "target", "weight", "delay_ms", "type"};

    private final Map<String, NeuronModel> models;
    private final double dtMs;

    /** @param models neuron models by the name used in the {@code model} column */
    public CsvNetworkLoader(Map<String, NeuronModel> models, double dtMs) {
        this.models = Map.copyOf(models);
        this.dtMs = NeuronModel.positive("dtMs", dtMs);
    }

    /** {@code lif} (CUBA LIF, El −65), {@code coba} (Brette 2007), {@code izhikevich} (RS), {@code adex}. */
    public static Map<String, NeuronModel> defaultModels() {
        return Map.of("lif", new LifParams(20, 200, -65, -50, -65, 2, 5, 10), "coba", CobaParams.brette2007(),
                "izhikevich", IzhikevichParams.regularSpiking(), "adex", AdExParams.bretteGerstner2005());
    }

    public LoadedNetwork load(Path neuronsCsv, Path edgesCsv) throws IOException {
        String nf = neuronsCsv.getFileName().toString();
        Map<String, List<long[]>> byPop = new LinkedHashMap<>();
        Map<String, List<float[]>> posByPop = new HashMap<>();
        Map<String, String> modelOf = new HashMap<>();
        Map<Long, Integer> lineOfId = new HashMap<>();
        forEachRow(neuronsCsv, NEURON_COLUMNS, (line, f, col) -> {
            long id = parseLong(nf, line, "id", f[col[0]]);
            String pop = f[col[1]].trim();
            String model = f[col[2]].trim();
            if (pop.isEmpty()) {
                throw new NetworkFormatException(nf, line, "empty population name");
            }
            if (!models.containsKey(model)) {
                throw new NetworkFormatException(nf, line, "unknown model '" + model + "' (known: "
                        + new java.util.TreeSet<>(models.keySet()) + ")");
            }
            String prev = modelOf.putIfAbsent(pop, model);
            if (prev != null && !prev.equals(model)) {
                throw new NetworkFormatException(nf, line, "population '" + pop + "' mixes models '" + prev
                        + "' and '" + model + "'");
            }
            Integer dup = lineOfId.putIfAbsent(id, line);
            if (dup != null) {
                throw new NetworkFormatException(nf, line, "duplicate neuron id " + id + " (first on line "
                        + dup + ")");
            }
            float x = parseFloat(nf, line, "x", f[col[3]]);
            float y = parseFloat(nf, line, "y", f[col[4]]);
            float z = parseFloat(nf, line, "z", f[col[5]]);
            byPop.computeIfAbsent(pop, k -> new ArrayList<>()).add(new long[] {id});
            posByPop.computeIfAbsent(pop, k -> new ArrayList<>()).add(new float[] {x, y, z});
        });
        int n = lineOfId.size();
        long[] fileIds = new long[n];
        float[] pos = new float[3 * n];
        Map<Long, int[]> where = new HashMap<>(); // id -> {population index, local index}
        List<Population> pops = new ArrayList<>();
        List<String> popNames = new ArrayList<>(byPop.keySet());
        int at = 0;
        for (int p = 0; p < popNames.size(); p++) {
            String name = popNames.get(p);
            List<long[]> ids = byPop.get(name);
            List<float[]> ps = posByPop.get(name);
            NeuronModel m = models.get(modelOf.get(name));
            pops.add(new Population(name, ids.size(), m, InitialState.at(restOf(m))));
            for (int k = 0; k < ids.size(); k++, at++) {
                fileIds[at] = ids.get(k)[0];
                System.arraycopy(ps.get(k), 0, pos, 3 * at, 3);
                where.put(ids.get(k)[0], new int[] {p, k});
            }
        }
        List<Projection> projections = readEdges(edgesCsv, where, popNames);
        return new LoadedNetwork(new NetworkSpec(dtMs, pops, projections, pos, List.of()), fileIds);
    }

    /** One data row: its line number, its fields, and where each expected column is among them. */
    @FunctionalInterface
    private interface Row {
        void accept(int line, String[] fields, int[] col) throws IOException;
    }

    /**
     * Reads a CSV file the way both tables are written: blank and {@code #} lines skipped, the first other line is
     * the header naming {@code columns} (in any order), every later line a row with all of them.
     */
    private static void forEachRow(Path file, String[] columns, Row row) throws IOException {
        String name = file.getFileName().toString();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int[] col = null;
            String s;
            int line = 0;
            while ((s = r.readLine()) != null) {
                line++;
                if (s.isBlank() || s.startsWith("#")) {
                    continue;
                }
                String[] f = s.split(",", -1);
                if (col == null) {
                    col = header(name, line, f, columns);
                    continue;
                }
                need(name, line, f, col);
                row.accept(line, f, col);
            }
            if (col == null) {
                throw new NetworkFormatException(name, 0, "empty file (expected header " + String.join(",", columns) + ")");
            }
        }
    }

    private List<Projection> readEdges(Path edgesCsv, Map<Long, int[]> where, List<String> popNames)
            throws IOException {
        String ef = edgesCsv.getFileName().toString();
        // (source pop, target pop, type) -> growing table
        Map<String, Table> tables = new LinkedHashMap<>();
        forEachRow(edgesCsv, EDGE_COLUMNS, (line, f, col) -> {
            long src = parseLong(ef, line, "source", f[col[0]]);
            long tgt = parseLong(ef, line, "target", f[col[1]]);
            int[] a = where.get(src);
            int[] b = where.get(tgt);
            if (a == null) {
                throw new NetworkFormatException(ef, line, "unknown source neuron id " + src);
            }
            if (b == null) {
                throw new NetworkFormatException(ef, line, "unknown target neuron id " + tgt);
            }
            float w = parseFloat(ef, line, "weight", f[col[2]]);
            float d = parseFloat(ef, line, "delay_ms", f[col[3]]);
            if (d < 0) {
                throw new NetworkFormatException(ef, line, "negative delay_ms " + d);
            }
            SynapseType type;
            try {
                type = SynapseType.parse(f[col[4]]);
            } catch (IllegalArgumentException e) {
                throw new NetworkFormatException(ef, line, e.getMessage());
            }
            tables.computeIfAbsent(a[0] + "/" + b[0] + "/" + type, k -> new Table(a[0], b[0], type))
                    .add(a[1], b[1], w, d);
        });
        List<Projection> out = new ArrayList<>();
        for (Table t : tables.values()) {
            out.add(new Projection(popNames.get(t.srcPop), popNames.get(t.tgtPop),
                    new FromTable(t.src.toArray(), t.tgt.toArray(), t.w.toArray(), t.d.toArray()), t.type, 0, 0));
        }
        return out;
    }

    static double restOf(NeuronModel m) {
        if (m instanceof LifParams l) {
            return l.vRestMv();
        } else if (m instanceof CobaParams c) {
            return c.vRestMv();
        } else if (m instanceof IzhikevichParams i) {
            return i.vrMv();
        } else if (m instanceof AdExParams a) {
            return a.eLMv();
        }
        throw new IllegalArgumentException("unknown model " + m);
    }

    private static int[] header(String file, int line, String[] f, String[] wanted) throws NetworkFormatException {
        int[] col = new int[wanted.length];
        for (int k = 0; k < wanted.length; k++) {
            col[k] = -1;
            for (int j = 0; j < f.length; j++) {
                if (f[j].trim().equalsIgnoreCase(wanted[k])) {
                    col[k] = j;
                }
            }
            if (col[k] < 0) {
                throw new NetworkFormatException(file, line, "header lacks column '" + wanted[k] + "' (expected "
                        + String.join(",", wanted) + ")");
            }
        }
        return col;
    }

    private static void need(String file, int line, String[] f, int[] col) throws NetworkFormatException {
        for (int c : col) {
            if (c >= f.length) {
                throw new NetworkFormatException(file, line, "expected at least " + (c + 1) + " fields, got "
                        + f.length);
            }
        }
    }

    private static long parseLong(String file, int line, String what, String s) throws NetworkFormatException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new NetworkFormatException(file, line, what + " is not an integer: '" + s.trim() + "'");
        }
    }

    private static float parseFloat(String file, int line, String what, String s) throws NetworkFormatException {
        try {
            float v = Float.parseFloat(s.trim());
            if (!Float.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new NetworkFormatException(file, line, what + " is not a finite number: '" + s.trim() + "'");
        }
    }

    /** Growable columns of one (source population, target population, type) group. */
    private static final class Table {
        final int srcPop;
        final int tgtPop;
        final SynapseType type;
        final Ints src = new Ints();
        final Ints tgt = new Ints();
        final Floats w = new Floats();
        final Floats d = new Floats();

        Table(int srcPop, int tgtPop, SynapseType type) {
            this.srcPop = srcPop;
            this.tgtPop = tgtPop;
            this.type = type;
        }

        void add(int s, int t, float weight, float delay) {
            src.add(s);
            tgt.add(t);
            w.add(weight);
            d.add(delay);
        }
    }

    private static final class Ints {
        int[] a = new int[16];
        int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    private static final class Floats {
        float[] a = new float[16];
        int n;

        void add(float v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
