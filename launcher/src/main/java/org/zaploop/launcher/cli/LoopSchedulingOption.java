package org.zaploop.launcher.cli;

import org.zaploop.protocol.realtime.LoopScheduling;
import org.zaploop.protocol.realtime.LoopThreads;
import picocli.CommandLine.Option;

/** {@code --loop-scheduling} of the commands that run the live loop's components (demo, run, fish). */
public final class LoopSchedulingOption {

    @Option(names = "--loop-scheduling", paramLabel = "nice|fifo|fifo:N", defaultValue = "nice",
            converter = LoopSchedulingConverter.class,
            description = "How the closed loop's threads are scheduled: nice (normal time sharing at Java's highest "
                    + "thread priority) or fifo / fifo:N (Linux SCHED_FIFO at priority 10 or N, once the JIT has "
                    + "settled: a woken loop thread runs before any other; needs root or CAP_SYS_NICE, else it says "
                    + "so and runs as nice) (default: ${DEFAULT-VALUE}).")
    LoopScheduling scheduling;

    /** Sets this process's loop scheduling; call before the loop's components start. */
    public void apply() {
        LoopThreads.use(scheduling);
    }
}
