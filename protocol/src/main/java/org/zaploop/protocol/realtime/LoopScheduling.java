package org.zaploop.protocol.realtime;

/**
 * How the operating system schedules the live loop's threads (the fish's ephys sender, the behaviour stage, the
 * controller's input thread, the fish's command listener and their Kafka clients' I/O threads).
 *
 * <ul>
 *   <li>{@link Kind#NICE}: normal time sharing, at Java's highest thread priority. Linux honours it (as nice −5)
 *       only when the JVM runs with {@code -XX:ThreadPriorityPolicy=1}; otherwise the loop shares the cores as
 *       equals with the simulator and the imaging stages.</li>
 *   <li>{@link Kind#FIFO}: Linux's {@code SCHED_FIFO} real-time class at {@code priority} (1–99). A woken loop
 *       thread runs at once, before any normal thread, as a rig's acquisition software is set up. Needs root or
 *       {@code CAP_SYS_NICE}; without it the loop runs as with {@code nice} and says so.</li>
 * </ul>
 *
 * @param priority the real-time priority for {@link Kind#FIFO} (1–99); 0 for {@link Kind#NICE}
 */
public record LoopScheduling(Kind kind, int priority) {

    public enum Kind { NICE, FIFO }

    /**
     * Low in the real-time range: above every normal thread, below the kernel's own real-time threads (threaded
     * interrupt handlers run at 50, the watchdog and migration threads at 99), which the loop depends on.
     */
    public static final int DEFAULT_FIFO_PRIORITY = 10;

    public static final LoopScheduling NICE = new LoopScheduling(Kind.NICE, 0);

    public LoopScheduling {
        if (kind == Kind.FIFO && (priority < 1 || priority > 99)) {
            throw new IllegalArgumentException("a SCHED_FIFO priority is 1 to 99, got " + priority);
        }
        if (kind == Kind.NICE && priority != 0) {
            throw new IllegalArgumentException("nice scheduling takes no real-time priority, got " + priority);
        }
    }

    public static LoopScheduling fifo(int priority) {
        return new LoopScheduling(Kind.FIFO, priority);
    }

    /** Reads {@code nice}, {@code fifo} or {@code fifo:N} (N = 1–99), as the command line's option gives it. */
    public static LoopScheduling parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("nice")) {
            return NICE;
        }
        if (t.equals("fifo")) {
            return fifo(DEFAULT_FIFO_PRIORITY);
        }
        if (t.startsWith("fifo:")) {
            String n = t.substring(5);
            try {
                return fifo(Integer.parseInt(n));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("loop scheduling 'fifo:N' needs a whole number N from 1 to 99, got '"
                        + n + "'");
            }
        }
        throw new IllegalArgumentException("loop scheduling must be 'nice', 'fifo' or 'fifo:N' (N = 1–99), got '"
                + text + "'");
    }

    @Override
    public String toString() {
        return kind == Kind.NICE ? "nice" : "fifo:" + priority;
    }
}
