package org.zaploop.protocol.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopThreadsTest {

    private static final int FIFO = LinuxScheduler.SCHED_FIFO;
    private static final int OTHER = LinuxScheduler.SCHED_OTHER;

    @AfterEach
    void backToNice() {
        LoopThreads.reset();
    }

    @Test
    void theOptionReadsNiceFifoAndAPriorityAndNamesWhatIsWrong() {
        assertEquals(LoopScheduling.NICE, LoopScheduling.parse("nice"));
        assertEquals(LoopScheduling.fifo(LoopScheduling.DEFAULT_FIFO_PRIORITY), LoopScheduling.parse("FIFO"));
        assertEquals(LoopScheduling.fifo(42), LoopScheduling.parse("fifo:42"));
        assertEquals("fifo:42", LoopScheduling.fifo(42).toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoopScheduling.parse("rr")).getMessage()
                .contains("got 'rr'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoopScheduling.parse("fifo:high"))
                .getMessage().contains("'high'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoopScheduling.parse("fifo:100"))
                .getMessage().contains("1 to 99, got 100"));
    }

    @Test
    void theClientThreadsThatAppearWhileAClientIsBuiltAreTheLoopsOnceItGoesRealTime() throws Exception {
        assumeFifoPermitted();
        LoopThreads.use(LoopScheduling.fifo(7));
        CountDownLatch release = new CountDownLatch(1);
        int[] tids = new int[3];
        CountDownLatch started = new CountDownLatch(2);
        Thread[] io = new Thread[2];
        onThread(() -> {
            io[0] = LoopThreads.creating(() -> waiting("kafka-producer-network-thread | loop", started, release,
                    tids, 0));
            io[1] = LoopThreads.creating(() -> waiting("zaploop-not-a-client-thread", started, release, tids, 1));
        });
        try {
            assertEquals(OTHER, LinuxScheduler.policyOf(tids[0]), "nice until the JIT has settled");
            LoopThreads.goRealtime();
            assertTrue(LoopThreads.realtime());
            assertEquals(FIFO, LinuxScheduler.policyOf(tids[0]), "the client's I/O thread is the loop's");
            assertEquals(OTHER, LinuxScheduler.policyOf(tids[1]), "a thread not of a Kafka client is left alone");
            assertTrue(LoopThreads.describe().startsWith("SCHED_FIFO priority 7"), LoopThreads.describe());
            Thread late = LoopThreads.creating(() -> waiting("kafka-producer-network-thread | late", started, release,
                    tids, 2));
            assertEquals(FIFO, LinuxScheduler.policyOf(tids[2]), "built after going real-time: real-time at once");
            release.countDown();
            join(late);
        } finally {
            release.countDown();
            join(io[0]);
            join(io[1]);
        }
    }

    @Test
    void theJvmThreadsEveryThreadWaitsOnGoRealTimeWithTheLoopAndBackOnReset() throws Exception {
        assumeFifoPermitted();
        List<Integer> vm = LoopThreads.named(List.of("VM Thread"));
        assumeTrue(vm.size() == 1, "this JVM names its VM thread 'VM Thread': " + vm);
        assertEquals(OTHER, LinuxScheduler.policyOf(vm.get(0)));
        LoopThreads.use(LoopScheduling.fifo(7));
        LoopThreads.goRealtime();
        assertEquals(FIFO, LinuxScheduler.policyOf(vm.get(0)), "safepoints and handshakes run on it");
        LoopThreads.reset();
        assertEquals(OTHER, LinuxScheduler.policyOf(vm.get(0)));
    }

    @Test
    void aLoopThreadRunsInFifoButWhatItStartsDoesNot() throws Exception {
        assumeFifoPermitted();
        LoopThreads.use(LoopScheduling.fifo(7));
        int[] seen = new int[2];
        LoopThreads.goRealtime();
        onThread(() -> {
            LoopThreads.enter();
            seen[0] = LinuxScheduler.policyOf(LinuxScheduler.currentTid()) & ~LinuxScheduler.SCHED_RESET_ON_FORK;
            Thread t = new Thread(() -> seen[1] = LinuxScheduler.policyOf(LinuxScheduler.currentTid()), "spawned");
            t.start();
            join(t);
        });
        assertEquals(FIFO, seen[0]);
        assertEquals(OTHER, seen[1], "a loop thread never hands its class to work it spawns");
    }

    @Test
    void aToggledThreadIsRealTimeOnlyBetweenRaiseAndLower() throws Exception {
        assumeFifoPermitted();
        LoopThreads.use(LoopScheduling.fifo(7));
        int[] seen = new int[4];
        onThread(() -> {
            int tid = LinuxScheduler.currentTid();
            LoopThreads.Toggle toggle = LoopThreads.toggle();
            toggle.raise();
            seen[3] = LinuxScheduler.policyOf(tid);
            LoopThreads.goRealtime();
            seen[0] = LinuxScheduler.policyOf(tid);
            toggle.raise();
            seen[1] = LinuxScheduler.policyOf(tid) & ~LinuxScheduler.SCHED_RESET_ON_FORK;
            toggle.lower();
            seen[2] = LinuxScheduler.policyOf(tid);
        });
        assertEquals(OTHER, seen[3], "a raise before the loop goes real-time does nothing");
        assertEquals(OTHER, seen[0]);
        assertEquals(FIFO, seen[1]);
        assertEquals(OTHER, seen[2]);
    }

    @Test
    void runningThreadsAreFoundByTheirNameAndPromoted() throws Exception {
        assumeFifoPermitted();
        LoopThreads.use(LoopScheduling.fifo(7));
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<int[]> tids = new AtomicReference<>(new int[2]);
        Thread broker = waiting("zaploop-test-loop-handler-0", started, release, tids.get(), 0);
        Thread other = waiting("zaploop-test-other-thread-0", started, release, tids.get(), 1);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        try {
            assertEquals(1, LoopThreads.promote("zaploop-test-loop-handler"));
            assertEquals(OTHER, LinuxScheduler.policyOf(tids.get()[0]), "nice until the JIT has settled");
            LoopThreads.goRealtime();
            assertEquals(FIFO, LinuxScheduler.policyOf(tids.get()[0]));
            assertEquals(OTHER, LinuxScheduler.policyOf(tids.get()[1]), "a thread of another name is left alone");
        } finally {
            release.countDown();
            join(broker);
            join(other);
        }
    }

    @Test
    void withNiceSchedulingNothingBecomesRealTime() throws Exception {
        LoopThreads.use(LoopScheduling.NICE);
        int[] seen = new int[2];
        onThread(() -> {
            LoopThreads.enter();
            seen[0] = LinuxScheduler.policyOf(LinuxScheduler.currentTid());
            seen[1] = Thread.currentThread().getPriority();
        });
        assumeTrue(seen[0] >= 0, "the scheduler calls are available");
        assertEquals(OTHER, seen[0]);
        assertEquals(Thread.MAX_PRIORITY, seen[1]);
        assertTrue(LoopThreads.describe().startsWith("nice"));
    }

    @Test
    void aRefusalIsPutInWords() {
        assumeTrue(LinuxScheduler.unavailable().isEmpty(), "the scheduler calls are available");
        String why = LinuxScheduler.set(Integer.MAX_VALUE - 1, FIFO, 7).orElseThrow();
        assertTrue(why.contains("no such thread"), why);
        why = LinuxScheduler.set(LinuxScheduler.currentTid(), FIFO, 100).orElseThrow();
        assertTrue(why.contains("EINVAL"), why);
    }

    private static void assumeFifoPermitted() throws Exception {
        assumeTrue(LinuxScheduler.unavailable().isEmpty(), "the scheduler calls are available");
        AtomicReference<String> refused = new AtomicReference<>();
        onThread(() -> refused.set(LinuxScheduler.set(LinuxScheduler.currentTid(), FIFO, 1).orElse(null)));
        assumeTrue(refused.get() == null, "SCHED_FIFO is permitted here: " + refused.get());
    }

    /** A thread that notes its kernel id and waits for {@code release}; started (and, if asked, known) on return. */
    private static Thread waiting(String name, CountDownLatch started, CountDownLatch release, int[] tids, int i) {
        CountDownLatch up = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            tids[i] = LinuxScheduler.currentTid();
            started.countDown();
            up.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.start();
        try {
            up.await(10, TimeUnit.SECONDS); // its kernel task exists and is named before the caller looks
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return t;
    }

    /** Runs {@code body} on a thread of its own, so the test's thread never changes class. */
    private static void onThread(Runnable body) throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "loop-threads-test");
        t.start();
        join(t);
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
