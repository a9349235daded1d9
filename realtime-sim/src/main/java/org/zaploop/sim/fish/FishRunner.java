package org.zaploop.sim.fish;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.realtime.LoopThreads;

/**
 * Runs a {@link VirtualFish} on its own thread, locked to the wall clock ({@code speed} = 1 is real time,
 * 10 is ten times faster, 0 as fast as possible). When it cannot keep up it says so through the
 * {@code warn} callback (at most every 10 s) and in {@link #lagSeconds()}: never silently.
 */
public final class FishRunner implements AutoCloseable {

    private static final long WARN_EVERY_NS = 10_000_000_000L;

    private final VirtualFish fish;
    private final double speed;
    private final Consumer<String> warn;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile double lagSeconds;
    private volatile double realTimeFactor;
    private volatile Throwable failure;
    private volatile LongConsumer releaseLateness = ns -> { };

    public FishRunner(VirtualFish fish, double speed, Consumer<String> warn) {
        if (speed < 0 || Double.isNaN(speed)) {
            throw new IllegalArgumentException("speed must be 0 (as fast as possible) or positive, got " + speed);
        }
        this.fish = fish;
        this.speed = speed;
        this.warn = warn;
        this.thread = new Thread(this::loop, "virtual-fish");
        thread.setDaemon(true);
    }

    /**
     * Reports, for every block sent in real time, how long after its last sample was due the fish sent it (ns): the
     * part of the loop's latency that is this thread waking up late, before any Kafka hop.
     */
    public FishRunner observeRelease(LongConsumer lateNs) {
        this.releaseLateness = lateNs;
        return this;
    }

    public FishRunner start() {
        thread.start();
        return this;
    }

    private void loop() {
        long lastWarn = 0;
        long rateWall = System.nanoTime();
        double rateSim = fish.timeS();
        // the thread is a loop thread only from a block's deadline to its ephys send: a rig's acquisition is timed
        // by hardware, and simulating and rendering at real-time priority would hold a core from everything else
        LoopThreads.Toggle onTime = LoopThreads.toggle();
        try {
            while (running) {
                fish.simulateBlock();
                onTime.raise();
                if (speed > 0) {
                    // A rig sends a block only once its last sample is acquired: wait for that moment on the same
                    // clock the acquisition times are stamped with. The block was simulated before it, as a rig's
                    // hardware has its samples before it sends them.
                    long due = fish.startNs() + (long) (fish.timeS() / speed * 1e9);
                    long wait = due - ZapLoopClock.nowNs();
                    if (wait > 0) {
                        lagSeconds = 0;
                        // parkNanos may return early (spuriously or on unpark): never send a block before it is due
                        for (; wait > 0; wait = due - ZapLoopClock.nowNs()) {
                            LockSupport.parkNanos(wait);
                        }
                    } else {
                        lagSeconds = -wait / 1e9;
                        long now = System.nanoTime();
                        if (lagSeconds > fish.config().geometry().volumePeriodS() && now - lastWarn > WARN_EVERY_NS) {
                            lastWarn = now;
                            warn.accept(String.format("virtual fish is %.1f s behind real time (running at %.2f× real "
                                    + "time): use a smaller --scale or fewer neurons", lagSeconds, realTimeFactor));
                        }
                    }
                    releaseLateness.accept(ZapLoopClock.nowNs() - due);
                }
                fish.releaseEphys();
                onTime.lower();
                fish.releasePlanes();
                long now = System.nanoTime();
                if (now - rateWall >= 1_000_000_000L) {
                    realTimeFactor = (fish.timeS() - rateSim) / ((now - rateWall) / 1e9);
                    rateWall = now;
                    rateSim = fish.timeS();
                }
            }
        } catch (Throwable t) {
            failure = t;
            warn.accept("virtual fish stopped: " + t);
        }
    }

    /** Simulated seconds per wall second over the last second. */
    public double realTimeFactor() {
        return realTimeFactor;
    }

    /** How far behind the wall clock the fish is, s (0 when on time). */
    public double lagSeconds() {
        return lagSeconds;
    }

    public Throwable failure() {
        return failure;
    }

    public VirtualFish fish() {
        return fish;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
