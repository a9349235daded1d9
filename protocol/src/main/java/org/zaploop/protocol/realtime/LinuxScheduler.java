package org.zaploop.protocol.realtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The two Linux calls Java lacks: which kernel task a thread is, and {@code sched_setscheduler(2)} on it. A thread
 * is a task of its own on Linux, so its scheduling class is set by its thread id (tid), not the process id.
 */
final class LinuxScheduler {

    static final int SCHED_OTHER = 0;
    static final int SCHED_FIFO = 1;
    /** Threads this one starts begin in {@link #SCHED_OTHER} instead of inheriting its class (sched(7)). */
    static final int SCHED_RESET_ON_FORK = 0x40000000;

    private interface C extends Library {
        int sched_setscheduler(int pid, int policy, int[] param) throws LastErrorException;

        int sched_getscheduler(int pid) throws LastErrorException;
    }

    private static final Object LOCK = new Object();
    private static C c;
    private static String unavailable;

    private LinuxScheduler() {
    }

    /** Why the calls cannot be made here (not Linux, or JNA's native part did not load), if they cannot. */
    static Optional<String> unavailable() {
        load();
        return Optional.ofNullable(unavailable);
    }

    /** The kernel's id of the calling thread, read from {@code /proc/thread-self} ("pid/task/tid"). */
    static int currentTid() {
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Integer.parseInt(link.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot tell this thread's kernel id from /proc/thread-self: " + e, e);
        }
    }

    /**
     * Puts task {@code tid} in {@code policy} (with {@code priority} for a real-time class); empty when done, else
     * the kernel's refusal in words.
     */
    static Optional<String> set(int tid, int policy, int priority) {
        if (unavailable().isPresent()) {
            return unavailable();
        }
        try {
            c.sched_setscheduler(tid, policy, new int[] {priority});
            return Optional.empty();
        } catch (LastErrorException e) {
            return Optional.of(describe(e.getErrorCode()));
        }
    }

    /** The scheduling class of task {@code tid}, with its reset-on-fork flag; -1 if it cannot be read. */
    static int policyOf(int tid) {
        if (unavailable().isPresent()) {
            return -1;
        }
        try {
            return c.sched_getscheduler(tid);
        } catch (LastErrorException e) {
            return -1;
        }
    }

    private static String describe(int errno) {
        return switch (errno) {
            case 1 -> "not permitted (errno 1, EPERM): real-time scheduling needs root or CAP_SYS_NICE, "
                    + "or a real-time budget (RLIMIT_RTPRIO) for this user";
            case 3 -> "no such thread (errno 3, ESRCH)";
            case 22 -> "invalid policy or priority (errno 22, EINVAL)";
            default -> "refused with errno " + errno;
        };
    }

    private static void load() {
        synchronized (LOCK) {
            if (c != null || unavailable != null) {
                return;
            }
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                unavailable = "real-time scheduling of the loop's threads is implemented for Linux only, this is "
                        + System.getProperty("os.name");
                return;
            }
            try {
                c = Native.load("c", C.class);
            } catch (LinkageError | RuntimeException e) {
                unavailable = "cannot call the C library's sched_setscheduler through JNA: " + e.getMessage();
            }
        }
    }
}
