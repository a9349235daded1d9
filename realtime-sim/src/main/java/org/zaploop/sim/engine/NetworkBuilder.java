package org.zaploop.sim.engine;

import java.util.Arrays;
import java.util.List;
import org.zaploop.sim.model.Distribution;
import org.zaploop.sim.model.InitialState;
import org.zaploop.sim.model.LifParams;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.model.Population;
import org.zaploop.sim.model.Projection;

/**
 * Compiles a {@link NetworkSpec} into a {@link Network}: lays populations out contiguously,
 * generates every projection's synapses with its own seeded stream, sorts them into CSR
 * (targets ascending within a row, stable, so delivery order is fixed) and draws initial state.
 * The result depends only on the spec and the seed. Reads and writes no topics or stores.
 */
public final class NetworkBuilder {

    private NetworkBuilder() {
    }

    /** Builds the network; throws IllegalArgumentException on inconsistent parameters. */
    public static Network build(NetworkSpec spec, long seed) {
        List<Population> pops = spec.populations();
        int[] popStart = new int[pops.size() + 1];
        for (int p = 0; p < pops.size(); p++) {
            popStart[p + 1] = popStart[p] + pops.get(p).size();
        }
        int n = popStart[pops.size()];
        SynapseTable table = connect(spec, popStart, n, seed);
        Network net = new Network(spec, popStart, table, seed);
        initialise(net, spec, seed);
        return net;
    }

    private static SynapseTable connect(NetworkSpec spec, int[] popStart, int n, long seed) {
        Growable g = new Growable();
        double dt = spec.dtMs();
        List<Projection> projections = spec.projections();
        for (int j = 0; j < projections.size(); j++) {
            Projection pr = projections.get(j);
            int ps = spec.populationIndex(pr.source());
            int pt = spec.populationIndex(pr.target());
            int s0 = popStart[ps];
            int t0 = popStart[pt];
            int channelOffset = pr.type().ordinal() * n;
            boolean conductance = !(spec.populations().get(pt).model() instanceof LifParams);
            Rng rng = Rng.derive(seed, 1000 + j);
            String where = "projection " + pr.source() + " -> " + pr.target();
            pr.rule().connect(spec.populations().get(ps).size(), spec.populations().get(pt).size(), ps == pt,
                    rng::nextDouble, rng::nextInt, pr.weight(), pr.delayMs(), (s, t, w, d) -> {
                        if (conductance && w < 0) {
                            throw new IllegalArgumentException(where + ": conductance weight must be >= 0, got " + w);
                        }
                        long steps = Math.max(1, Math.round(d / dt));
                        if (steps > Short.MAX_VALUE) {
                            throw new IllegalArgumentException(where + ": delay " + d + " ms exceeds "
                                    + Short.MAX_VALUE + " steps");
                        }
                        g.add(s0 + s, channelOffset + t0 + t, (float) w, (short) steps);
                    });
        }
        return toCsr(g, n);
    }

    private static SynapseTable toCsr(Growable g, int n) {
        int m = g.size;
        int[] rowStart = new int[n + 1];
        for (int k = 0; k < m; k++) {
            rowStart[g.src[k] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            rowStart[i + 1] += rowStart[i];
        }
        int[] pos = Arrays.copyOf(rowStart, n);
        int[] code = new int[m];
        float[] weight = new float[m];
        short[] delay = new short[m];
        int maxDelay = 1;
        boolean constant = true;
        short first = m > 0 ? g.delay[0] : 1;
        // stable counting sort by source
        for (int k = 0; k < m; k++) {
            int idx = pos[g.src[k]]++;
            code[idx] = g.code[k];
            weight[idx] = g.weight[k];
            delay[idx] = g.delay[k];
            maxDelay = Math.max(maxDelay, g.delay[k]);
            constant &= g.delay[k] == first;
        }
        g.release();
        for (int i = 0; i < n; i++) {
            sortRow(code, weight, delay, rowStart[i], rowStart[i + 1], n);
        }
        return new SynapseTable(n, rowStart, code, weight, constant ? null : delay, constant ? first : 0, maxDelay);
    }

    /** Stable insertion sort of one row by target neuron (rows are short; usually already sorted). */
    private static void sortRow(int[] code, float[] weight, short[] delay, int lo, int hi, int n) {
        for (int k = lo + 1; k < hi; k++) {
            int c = code[k];
            int t = c >= n ? c - n : c;
            int prev = code[k - 1] >= n ? code[k - 1] - n : code[k - 1];
            if (prev <= t) {
                continue;
            }
            float w = weight[k];
            short d = delay[k];
            int j = k - 1;
            while (j >= lo) {
                int tj = code[j] >= n ? code[j] - n : code[j];
                if (tj <= t) {
                    break;
                }
                code[j + 1] = code[j];
                weight[j + 1] = weight[j];
                delay[j + 1] = delay[j];
                j--;
            }
            code[j + 1] = c;
            weight[j + 1] = w;
            delay[j + 1] = d;
        }
    }

    private static void initialise(Network net, NetworkSpec spec, long seed) {
        List<Population> pops = spec.populations();
        for (int p = 0; p < pops.size(); p++) {
            Rng rng = Rng.derive(seed, 2000 + p);
            InitialState init = pops.get(p).init();
            for (int i = net.popStart[p]; i < net.popStart[p + 1]; i++) {
                net.v[i] = (float) draw(init.v(), rng);
                net.exc[i] = (float) draw(init.exc(), rng);
                net.inh[i] = (float) draw(init.inh(), rng);
                net.u[i] = (float) draw(init.recovery(), rng);
            }
        }
    }

    private static double draw(Distribution d, Rng rng) {
        return switch (d.kind()) {
            case CONSTANT -> d.a();
            case UNIFORM -> d.a() + rng.nextDouble() * (d.b() - d.a());
            case NORMAL -> d.a() + rng.nextGaussian() * d.b();
        };
    }

    /** Growable parallel primitive arrays for synapses before sorting (no boxing). */
    private static final class Growable {
        int[] src = new int[1024];
        int[] code = new int[1024];
        float[] weight = new float[1024];
        short[] delay = new short[1024];
        int size;

        void add(int s, int c, float w, short d) {
            if (size == src.length) {
                int cap = Math.addExact(size, (size >> 1) + 16);
                src = Arrays.copyOf(src, cap);
                code = Arrays.copyOf(code, cap);
                weight = Arrays.copyOf(weight, cap);
                delay = Arrays.copyOf(delay, cap);
            }
            src[size] = s;
            code[size] = c;
            weight[size] = w;
            delay[size] = d;
            size++;
        }

        void release() {
            src = null;
            code = null;
            weight = null;
            delay = null;
        }
    }
}
