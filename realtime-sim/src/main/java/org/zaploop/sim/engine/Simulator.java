package org.zaploop.sim.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Advances a {@link Network} step by step on a fixed set of threads, as fast as possible.
 * Each step runs fixed phases: deliver due spikes from the delay ring, add Poisson background,
 * update state, threshold/reset (all per partition), one barrier, then each partition
 * propagates every partition's new spikes (in partition order) into its own targets, and the
 * calling thread records. Neurons are split into contiguous partitions of whole 256-neuron
 * blocks; a partition only ever writes its own neurons' state, so no locks are needed, and
 * summation order per target is the global ascending source order: results are bit-identical
 * for any thread count with the same seed.
 *
 * <p>Thread 0 is the caller of {@link #run}; threads 1..T-1 are daemon workers that spin between
 * steps and park between runs. Close the simulator to stop them. Reads and writes no topics or
 * stores.
 */
public final class Simulator implements AutoCloseable {

    private final Network net;
    private final int threads;
    private final int[] partStart;
    /** Row split per source: synapses of source s to partition p are [split[s*(T+1)+p], split[s*(T+1)+p+1]). */
    private final int[] split;
    /** Spike lists per partition, double-buffered by step parity so one barrier per step suffices. */
    private final int[][][] spikes;
    private final int[][] spikeCount;
    /** Refractory neurons per partition and population, null for empty segments. */
    private final RefractoryQueue[][] held;
    /** Network state version each partition's queues were built from. */
    private final int[] heldVersion;
    private final float[][] chunkMax;
    private final SpinBarrier barrier;
    private final List<Thread> workers = new ArrayList<>();
    private final List<SpikeRecorder> recorders = new ArrayList<>();
    private SpikeRecorder[] recorderArray = new SpikeRecorder[0];
    private volatile int epoch;
    private volatile long stepsThisRun;
    private volatile boolean closed;
    private volatile Throwable failure;
    private long spikeTotal;

    public Simulator(Network net, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        int blocks = (net.n + Network.BLOCK - 1) / Network.BLOCK;
        this.threads = Math.max(1, Math.min(threads, Math.max(blocks, 1)));
        this.net = net;
        int t = this.threads;
        this.partStart = new int[t + 1];
        for (int p = 0; p <= t; p++) {
            partStart[p] = Math.min(net.n, (int) ((long) blocks * p / t) * Network.BLOCK);
        }
        this.split = buildSplit(net.synapses, partStart);
        this.spikes = new int[t][2][];
        this.spikeCount = new int[t][2];
        for (int p = 0; p < t; p++) {
            int len = Math.max(1, partStart[p + 1] - partStart[p]);
            spikes[p][0] = new int[len];
            spikes[p][1] = new int[len];
        }
        int pops = net.populationCount();
        this.held = new RefractoryQueue[t][pops];
        this.heldVersion = new int[t];
        for (int p = 0; p < t; p++) {
            heldVersion[p] = -1;
            for (int q = 0; q < pops; q++) {
                int a = Math.max(partStart[p], net.popStart[q]);
                int b = Math.min(partStart[p + 1], net.popStart[q + 1]);
                if (a < b) {
                    held[p][q] = new RefractoryQueue(b - a);
                }
            }
        }
        this.chunkMax = new float[t][];
        for (int p = 0; p < t; p++) {
            // per population segment at most one partial chunk more than a whole partition
            chunkMax[p] = new float[(partStart[p + 1] - partStart[p]) / NeuronKernel.CHUNK + 2];
        }
        this.barrier = new SpinBarrier(t);
        for (int p = 1; p < t; p++) {
            final int part = p;
            Thread th = new Thread(() -> workerLoop(part), "zaploop-sim-" + p);
            th.setDaemon(true);
            workers.add(th);
            th.start();
        }
    }

    private static int[] buildSplit(SynapseTable syn, int[] partStart) {
        int n = syn.neurons();
        int t = partStart.length - 1;
        int[] split = new int[n * (t + 1)];
        for (int s = 0; s < n; s++) {
            int lo = syn.rowStart[s];
            int hi = syn.rowStart[s + 1];
            int base = s * (t + 1);
            split[base] = lo;
            int k = lo;
            for (int p = 1; p < t; p++) {
                // targets ascend within a row: advance to the first target owned by partition p
                while (k < hi && syn.target(k) < partStart[p]) {
                    k++;
                }
                split[base + p] = k;
            }
            split[base + t] = hi;
        }
        return split;
    }

    public Network network() {
        return net;
    }

    public int threads() {
        return threads;
    }

    /** Adds a recorder called after every step on the calling thread. */
    public void addRecorder(SpikeRecorder r) {
        recorders.add(r);
        recorderArray = recorders.toArray(new SpikeRecorder[0]);
    }

    public void removeRecorder(SpikeRecorder r) {
        recorders.remove(r);
        recorderArray = recorders.toArray(new SpikeRecorder[0]);
    }

    /** Spikes emitted during this simulator's runs. */
    public long spikeTotal() {
        return spikeTotal;
    }

    /** Bytes of the per-partition row split (part of the connection table's footprint). */
    public long rowSplitBytes() {
        return 4L * split.length;
    }

    /** Bytes of the simulator's own arrays (row split and spike buffers). */
    public long engineBytes() {
        long b = 4L * split.length;
        for (int[][] s : spikes) {
            b += 4L * (s[0].length + s[1].length);
        }
        return b;
    }

    /** Simulates {@code steps} time steps as fast as possible; returns when all partitions are done. */
    public void run(long steps) {
        if (closed) {
            throw new IllegalStateException("simulator closed");
        }
        if (steps <= 0) {
            return;
        }
        if (threads > 1) {
            stepsThisRun = steps;
            epoch = epoch + 1; // volatile write publishes inputs changed since the last run
        }
        try {
            loop(0, steps);
        } catch (RuntimeException | Error e) {
            barrier.breakBarrier();
            throw e;
        }
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("simulator worker failed", f);
        }
    }

    private void workerLoop(int part) {
        int seen = 0;
        while (true) {
            int idle = 0;
            while (epoch == seen && !closed) {
                // spin briefly (a real-time pacer starts short runs back to back), then park
                if (++idle < 10_000) {
                    Thread.onSpinWait();
                } else if (idle < 11_000) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(50_000);
                }
            }
            if (closed) {
                return;
            }
            seen = epoch;
            try {
                loop(part, stepsThisRun);
            } catch (Throwable e) {
                failure = e;
                barrier.breakBarrier();
                return;
            }
        }
    }

    private void loop(int part, long steps) {
        final long first = net.step;
        collectHeld(part, first);
        for (long s = first; s < first + steps; s++) {
            stepLocal(part, s);
            if (threads > 1) {
                barrier.await();
            }
            propagate(part, s);
            if (part == 0) {
                record(s);
            }
        }
        if (threads > 1) {
            barrier.await(); // every partition has propagated the last step before run() returns
        }
        if (part == 0) {
            net.step = first + steps;
        }
    }

    /** Rebuilds the partition's refractory queues from {@code refUntil} after a restore (or at first use). */
    private void collectHeld(int part, long step) {
        if (heldVersion[part] == net.stateVersion) {
            return;
        }
        heldVersion[part] = net.stateVersion;
        final long[] refUntil = net.refUntil;
        for (int p = 0; p < net.populationCount(); p++) {
            RefractoryQueue q = held[part][p];
            if (q == null) {
                continue;
            }
            q.clear();
            int hold = net.kernels[p].refHold;
            int a = Math.max(partStart[part], net.popStart[p]);
            int b = Math.min(partStart[part + 1], net.popStart[p + 1]);
            // push in release order: bucket d holds neurons released d steps from now
            for (int d = 0; d <= hold; d++) {
                for (int i = a; i < b; i++) {
                    if (refUntil[i] == step + d) {
                        q.push(i, step + d);
                    }
                }
            }
        }
    }

    /** Deliver, background input, then per population: update, hold refractory, threshold. */
    private void stepLocal(int part, long step) {
        final Network net = this.net;
        final int lo = partStart[part];
        final int hi = partStart[part + 1];
        final int n = net.n;
        if (net.ring != null) {
            final float[] ring = net.ring;
            final int base = (int) (step % net.ringLen) * 2 * n;
            deliver(net.exc, ring, base, lo, hi);
            deliver(net.inh, ring, base + n, lo, hi);
        }
        poisson(lo, hi);
        final int[] popStart = net.popStart;
        final boolean external = net.externalActive;
        final float[] cm = chunkMax[part];
        final int[] out = spikes[part][(int) (step & 1)];
        int count = 0;
        for (int p = 0; p < popStart.length - 1; p++) {
            int a = Math.max(lo, popStart[p]);
            int b = Math.min(hi, popStart[p + 1]);
            if (a >= b) {
                continue;
            }
            NeuronKernel k = net.kernels[p];
            k.update(a, b, external, cm);
            RefractoryQueue q = held[part][p];
            q.hold(net.v, k.holdValue(), step);
            int before = count;
            count = k.detect(a, b, out, count, step, cm);
            if (k.refHold > 0) {
                long last = step + k.refHold;
                for (int j = before; j < count; j++) {
                    q.push(out[j], last);
                }
            }
        }
        spikeCount[part][(int) (step & 1)] = count;
    }

    private static void deliver(float[] syn, float[] ring, int base, int lo, int hi) {
        // deliver: add the due ring slot into the synaptic variable and clear it
        for (int i = lo; i < hi; i++) {
            syn[i] += ring[base + i];
            ring[base + i] = 0f;
        }
    }

    /** Poisson background: per block and population segment, a Poisson total spread uniformly (O(events)). */
    private void poisson(int lo, int hi) {
        final Network net = this.net;
        final int[] popStart = net.popStart;
        for (int b = lo; b < hi; b += Network.BLOCK) {
            int bEnd = Math.min(hi, b + Network.BLOCK);
            Rng rng = null;
            for (int p = 0; p < popStart.length - 1; p++) {
                double mean = net.poissonMean[p];
                int a = Math.max(b, popStart[p]);
                int e = Math.min(bEnd, popStart[p + 1]);
                if (mean <= 0 || a >= e) {
                    continue;
                }
                if (rng == null) {
                    rng = net.blockRng[b / Network.BLOCK];
                }
                int len = e - a;
                int events = rng.nextPoisson(mean * len);
                float[] syn = net.poissonChannel[p] == 0 ? net.exc : net.inh;
                float w = net.poissonWeight[p];
                for (int k = 0; k < events; k++) {
                    syn[a + rng.nextInt(len)] += w;
                }
            }
        }
    }

    /** Propagates all partitions' spikes of this step into this partition's targets. */
    private void propagate(int part, long step) {
        final SynapseTable st = net.synapses;
        final int[] code = st.code;
        final float[] weight = st.weight;
        final int stride = threads + 1;
        final int parity = (int) (step & 1);
        final float[] exc = net.exc;
        final float[] inh = net.inh;
        final int n = net.n;
        final float[] ring = net.ring;
        final int twoN = 2 * net.n;
        for (int q = 0; q < threads; q++) {
            final int[] list = spikes[q][parity];
            final int count = spikeCount[q][parity];
            for (int j = 0; j < count; j++) {
                final int base = list[j] * stride + part;
                final int from = split[base];
                final int to = split[base + 1];
                if (ring == null) {
                    // every delay is one step: add straight into the synaptic variables the next update reads
                    for (int k = from; k < to; k++) {
                        int c = code[k];
                        if (c < n) {
                            exc[c] += weight[k];
                        } else {
                            inh[c - n] += weight[k];
                        }
                    }
                } else if (st.delaySteps == null) {
                    // constant delay: all synapses of this step land in one ring slot
                    final int off = (int) ((step + st.constantDelaySteps) % net.ringLen) * twoN;
                    for (int k = from; k < to; k++) {
                        ring[off + code[k]] += weight[k];
                    }
                } else {
                    // per-synapse delay: slot (step + d) mod ringLen
                    final short[] delay = st.delaySteps;
                    final int len = net.ringLen;
                    for (int k = from; k < to; k++) {
                        ring[(int) ((step + delay[k]) % len) * twoN + code[k]] += weight[k];
                    }
                }
            }
        }
    }

    private void record(long step) {
        final int parity = (int) (step & 1);
        SpikeRecorder[] rs = recorderArray;
        for (int q = 0; q < threads; q++) {
            int count = spikeCount[q][parity];
            spikeTotal += count;
            for (SpikeRecorder r : rs) {
                r.record(step, spikes[q][parity], count);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        for (Thread t : workers) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
