package org.zaploop.protocol.realtime;

/**
 * Tells when the JVM's just-in-time compiler has compiled what a running program does. While it has not, Java code
 * runs interpreted, several times slower: the loop's threads then need one and a half of two cores, and at
 * real-time priority they would starve the compiler threads that would make them fast (measured: the virtual fish
 * fell to 0.23× real time and took the whole warm-up to recover).
 *
 * <p>Settled means: over the last {@code windowS} seconds the compilers worked less than {@code busyFraction} of
 * that time. Or, whatever the compilers do, {@code maxWaitS} seconds have passed since the start.
 */
final class JitSettling {

    private final double windowS;
    private final double busyFraction;
    private final double maxWaitS;
    private final long[] compileMs;
    private final long[] atNs;
    private long startNs = -1;
    private int samples;

    JitSettling(double windowS, double busyFraction, double maxWaitS, int samplesPerWindow) {
        if (!(windowS > 0) || !(busyFraction > 0) || !(maxWaitS >= windowS) || samplesPerWindow < 1) {
            throw new IllegalArgumentException("window > 0, busy fraction > 0, max wait ≥ window and ≥ 1 sample");
        }
        this.windowS = windowS;
        this.busyFraction = busyFraction;
        this.maxWaitS = maxWaitS;
        this.compileMs = new long[samplesPerWindow + 1];
        this.atNs = new long[samplesPerWindow + 1];
    }

    /** The defaults: under 5 % of a core of compiling over 5 s, or 60 s at most. */
    static JitSettling defaults() {
        return new JitSettling(5, 0.05, 60, 5);
    }

    /** Takes a sample: total compilation time so far (ms) at {@code nowNs}. True once settled. */
    boolean settled(long totalCompileMs, long nowNs) {
        if (startNs < 0) {
            startNs = nowNs;
        }
        int slot = samples % compileMs.length;
        compileMs[slot] = totalCompileMs;
        atNs[slot] = nowNs;
        samples++;
        if ((nowNs - startNs) / 1e9 >= maxWaitS) {
            return true;
        }
        if (samples < compileMs.length) {
            return false;
        }
        int oldest = samples % compileMs.length;
        double spanS = (nowNs - atNs[oldest]) / 1e9;
        double busyS = (totalCompileMs - compileMs[oldest]) / 1e3;
        return spanS >= windowS * 0.999 && busyS < busyFraction * spanS;
    }
}
