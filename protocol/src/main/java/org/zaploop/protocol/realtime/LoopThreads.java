package org.zaploop.protocol.realtime;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the live loop's threads run before everything else on the machine, as the process's
 * {@link LoopScheduling} says. The loop is three Kafka hops, and each hop wakes four or five threads in turn
 * (producer I/O, broker network and request threads, consumer). On two shared cores a woken thread of normal
 * priority often waits for a core behind the simulator or the imaging stages; under {@code SCHED_FIFO} it runs at
 * once.
 *
 * <p>The modules of the loop say which threads are the loop's: {@link #enter()} on a thread they own,
 * {@link #creating} around the construction of a Kafka client (the threads it starts are the loop's),
 * {@link #toggle()} on a thread that alternates timed sends with bulk work (the virtual fish), {@link #promote} for
 * threads started by others (an embedded broker's). The process sets the scheduling once with {@link #use} before
 * it starts them (the launcher, from {@code --loop-scheduling}); until then it is {@link LoopScheduling#NICE}.
 *
 * <p>With {@code fifo}, the loop's threads are put in {@code SCHED_FIFO} only once the JIT has settled
 * ({@link JitSettling}): interpreted, they would need most of the machine and starve the compiler. Until then they
 * run at Java's highest priority, as with {@code nice}. Real-time threads must not compute for long at a stretch,
 * or they hold a core from every normal thread: that is why the fish is lowered to simulate and render, and why
 * threads started by a loop thread do not inherit its class.
 */
public final class LoopThreads {

    private static final Logger log = LoggerFactory.getLogger(LoopThreads.class);
    private static final long START_NS = System.nanoTime();
    /**
     * The JVM's own threads that every Java thread waits on now and then: the VM thread runs safepoint and
     * handshake operations, the periodic task thread starts some of them, the reference handler frees what
     * cleaners hold. Left at normal priority under a real-time loop, the loop stalled for 40–150 ms in five of
     * seven 60 s runs (once with a core idle); raised with it, in none of five. They do little work, and briefly.
     */
    private static final List<String> JVM_THREADS = List.of("VM Thread", "VM Periodic Task Thread",
            "Reference Handler");

    private static volatile LoopScheduling scheduling = LoopScheduling.NICE;
    /** The loop's kernel tasks, with the flags they are put in SCHED_FIFO with. */
    private static final Map<Integer, Integer> tasks = new ConcurrentHashMap<>();
    private static final List<String> names = new CopyOnWriteArrayList<>();
    private static volatile boolean hot;
    private static volatile CountDownLatch wentHot = new CountDownLatch(1);
    private static volatile double hotAfterS = Double.NaN;
    private static volatile String refusal;
    private static Thread watcher;

    private LoopThreads() {
    }

    /**
     * Sets how the loop's threads are scheduled. With {@code fifo} a watcher thread waits for the JIT to settle
     * and then puts every loop thread known by then, and every later one, in {@code SCHED_FIFO}.
     */
    public static synchronized void use(LoopScheduling s) {
        scheduling = s;
        if (s.kind() != LoopScheduling.Kind.FIFO) {
            hot = false;
            return;
        }
        Optional<String> no = LinuxScheduler.unavailable();
        if (no.isPresent()) {
            refused(no.get());
            return;
        }
        if (hot) {
            goRealtime(); // a new priority for the threads already raised
        } else if (watcher == null) {
            watcher = new Thread(LoopThreads::waitForTheJit, "loop-threads-warm-up");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    public static LoopScheduling scheduling() {
        return scheduling;
    }

    /** True when the loop's threads are in {@code SCHED_FIFO} now. */
    public static boolean realtime() {
        return hot && scheduling.kind() == LoopScheduling.Kind.FIFO && refusal == null;
    }

    /** In words, for logs and reports: what the loop's threads run at now. */
    public static String describe() {
        LoopScheduling s = scheduling;
        if (s.kind() == LoopScheduling.Kind.NICE) {
            return "nice (Java's highest thread priority)";
        }
        if (refusal != null) {
            return "nice (Java's highest thread priority): SCHED_FIFO was asked for and refused, " + refusal;
        }
        if (!hot) {
            return "nice until the JIT has settled, then SCHED_FIFO priority " + s.priority();
        }
        return String.format("SCHED_FIFO priority %d since the JIT settled %.0f s after start (%d threads now)",
                s.priority(), hotAfterS, realtimeThreads());
    }

    /**
     * Makes the calling thread a loop thread for the rest of its life. Threads it starts begin as normal threads:
     * a loop thread never hands its class to work it spawns.
     */
    public static void enter() {
        Thread.currentThread().setPriority(Thread.MAX_PRIORITY);
        if (scheduling.kind() == LoopScheduling.Kind.FIFO && refusal == null) {
            add(LinuxScheduler.currentTid(), LinuxScheduler.SCHED_RESET_ON_FORK);
        }
    }

    /**
     * Builds a Kafka client whose threads are the loop's: the client threads ({@code kafka-…}: a producer's I/O
     * thread) that appear while {@code factory} runs. Build loop clients one at a time, not while another
     * component starts threads of its own. The caller is at Java's highest
     * priority meanwhile, so they inherit that too.
     */
    public static <T> T creating(Supplier<T> factory) {
        Thread caller = Thread.currentThread();
        int wasPriority = caller.getPriority();
        boolean track = scheduling.kind() == LoopScheduling.Kind.FIFO && refusal == null;
        Set<Integer> before = track ? kernelTasks() : Set.of();
        caller.setPriority(Thread.MAX_PRIORITY);
        try {
            return factory.get();
        } finally {
            caller.setPriority(wasPriority);
            if (track) {
                for (int tid : kernelTasks()) {
                    if (!before.contains(tid) && isClientThread(nameOf(tid))) {
                        add(tid, 0);
                    }
                }
            }
        }
    }

    /**
     * A switch for a thread that is a loop thread only part of the time: raised while it waits for a deadline and
     * sends, lowered while it computes. Bound to the calling thread; it does nothing until the loop runs in
     * {@code SCHED_FIFO}.
     */
    public static Toggle toggle() {
        return new Toggle(LinuxScheduler.unavailable().isPresent() ? -1 : LinuxScheduler.currentTid());
    }

    /**
     * Makes running threads whose name begins with one of {@code prefixes} loop threads (an embedded broker's
     * network and request threads, which it starts itself); with {@code fifo} they are looked up again when the
     * loop goes real-time. Linux keeps the first 15 characters of a thread's name, so that is what is compared.
     * Returns how many threads have such a name now.
     */
    public static int promote(String... prefixes) {
        int found = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (startsWithAny(t.getName(), List.of(prefixes), Integer.MAX_VALUE)) {
                t.setPriority(Thread.MAX_PRIORITY);
                found++;
            }
        }
        names.addAll(List.of(prefixes));
        if (realtime()) {
            raiseNamed(names);
        }
        return found;
    }

    /**
     * Waits until the loop's threads run in {@code SCHED_FIFO}, at most {@code timeout}; true if they do. False at
     * once when they never will (nice scheduling, or refused).
     */
    public static boolean awaitRealtime(java.time.Duration timeout) throws InterruptedException {
        if (scheduling.kind() != LoopScheduling.Kind.FIFO || refusal != null) {
            return false;
        }
        return wentHot.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && realtime();
    }

    /** How many of this process's threads are in {@code SCHED_FIFO} now. */
    public static int realtimeThreads() {
        int n = 0;
        for (int tid : kernelTasks()) {
            n += (LinuxScheduler.policyOf(tid) & ~LinuxScheduler.SCHED_RESET_ON_FORK) == LinuxScheduler.SCHED_FIFO
                    ? 1 : 0;
        }
        return n;
    }

    /** Puts the loop's threads in {@code SCHED_FIFO} now, without waiting for the JIT (tests; the watcher). */
    static synchronized void goRealtime() {
        if (scheduling.kind() != LoopScheduling.Kind.FIFO || refusal != null) {
            return;
        }
        tasks.forEach(LoopThreads::fifo);
        raiseNamed(JVM_THREADS);
        raiseNamed(names);
        if (refusal == null && !hot) {
            hot = true;
            hotAfterS = (System.nanoTime() - START_NS) / 1e9;
            wentHot.countDown();
            log.info("The JIT has compiled the loop's code: its threads run under SCHED_FIFO priority {} from now on "
                    + "({} threads)", scheduling.priority(), realtimeThreads());
        }
    }

    /** Back to the start: nice, nothing known (tests). */
    static synchronized void reset() {
        use(LoopScheduling.NICE);
        for (int tid : tasks.keySet()) {
            LinuxScheduler.set(tid, LinuxScheduler.SCHED_OTHER, 0);
        }
        for (int tid : named(JVM_THREADS)) {
            LinuxScheduler.set(tid, LinuxScheduler.SCHED_OTHER, 0);
        }
        for (int tid : named(names)) {
            LinuxScheduler.set(tid, LinuxScheduler.SCHED_OTHER, 0);
        }
        hot = false;
        tasks.clear();
        names.clear();
        refusal = null;
        wentHot = new CountDownLatch(1);
    }

    private static void add(int tid, int flags) {
        tasks.put(tid, flags);
        if (realtime()) {
            fifo(tid, flags);
        }
    }

    private static void raiseNamed(List<String> prefixes) {
        for (int tid : named(prefixes)) {
            fifo(tid, 0);
        }
    }

    /** This process's threads whose kernel name begins with one of {@code prefixes} (15 characters kept). */
    static List<Integer> named(List<String> prefixes) {
        List<Integer> found = new java.util.ArrayList<>();
        if (prefixes.isEmpty()) {
            return found;
        }
        for (int tid : kernelTasks()) {
            if (startsWithAny(nameOf(tid), prefixes, 15)) {
                found.add(tid);
            }
        }
        return found;
    }

    private static void waitForTheJit() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        JitSettling settling = JitSettling.defaults();
        try {
            while (!settling.settled(jit != null && jit.isCompilationTimeMonitoringSupported()
                    ? jit.getTotalCompilationTime() : 0, System.nanoTime())) {
                Thread.sleep(1000); // a sampling period, not synchronisation
            }
        } catch (InterruptedException e) {
            return;
        }
        goRealtime();
    }

    private static Set<Integer> kernelTasks() {
        Set<Integer> ids = new HashSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : dir) {
                ids.add(Integer.parseInt(task.getFileName().toString()));
            }
        } catch (IOException | RuntimeException e) {
            return ids;
        }
        return ids;
    }

    /**
     * A Kafka client's thread, by its kernel name. A thread names itself once it runs, so one that the client has
     * just started may still carry the process's name ({@code java}): that counts as the client's too.
     */
    private static boolean isClientThread(String name) {
        return name.startsWith("kafka-") || name.equals("java");
    }

    private static String nameOf(int tid) {
        try {
            return Files.readString(Path.of("/proc/self/task", String.valueOf(tid), "comm")).strip();
        } catch (IOException gone) {
            return "";
        }
    }

    private static boolean startsWithAny(String name, List<String> prefixes, int kept) {
        for (String p : prefixes) {
            String prefix = p.length() > kept ? p.substring(0, kept) : p;
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static void fifo(int tid, int flags) {
        Optional<String> no = LinuxScheduler.set(tid, LinuxScheduler.SCHED_FIFO | flags, scheduling.priority());
        if (no.isPresent() && !no.get().contains("ESRCH")) { // a thread that has ended needs nothing
            refused(no.get());
        }
    }

    private static void refused(String why) {
        if (refusal == null) {
            refusal = why;
            log.warn("The loop's threads run at normal priority: SCHED_FIFO {}. Loop latency will have a longer tail "
                    + "when the cores are busy.", why);
        }
    }

    /** See {@link #toggle()}. */
    public static final class Toggle {
        private final int tid;
        private boolean raised;

        private Toggle(int tid) {
            this.tid = tid;
        }

        /** From now on the thread runs before every normal thread (once the loop is real-time). */
        public void raise() {
            if (tid >= 0 && !raised && realtime()) {
                raised = LinuxScheduler.set(tid, LinuxScheduler.SCHED_FIFO | LinuxScheduler.SCHED_RESET_ON_FORK,
                        scheduling.priority()).isEmpty();
            }
        }

        /** From now on the thread shares the cores with every other normal thread. */
        public void lower() {
            if (raised) {
                LinuxScheduler.set(tid, LinuxScheduler.SCHED_OTHER, 0);
                raised = false;
            }
        }
    }
}
