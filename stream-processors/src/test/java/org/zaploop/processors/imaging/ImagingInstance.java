package org.zaploop.processors.imaging;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.zaploop.processors.imaging.topology.ImagingConfig;
import org.zaploop.processors.imaging.topology.ImagingRunner;
import org.zaploop.processors.streams.RunnerConfig;

/**
 * One imaging instance as a process of its own, for {@link ImagingKillTest} to kill with SIGKILL: args bootstrap,
 * application id, state directory. Prints {@code RUNNING} once its Streams application runs; runs until killed.
 */
public final class ImagingInstance {

    private ImagingInstance() {
    }

    static ImagingConfig config() {
        return ImagingTopologyTest.config().forReplay();
    }

    static RunnerConfig runnerConfig(String applicationId, Path stateDir) {
        // a killed member's partitions move on after 6 s (the broker's minimum), not Kafka's default 45 s
        return RunnerConfig.exactlyOnce(applicationId).withStateDir(stateDir)
                .withOverrides(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000",
                        // stateful tasks spread over both instances at once (the default assignor keeps them with
                        // the instance whose state is caught up until a probing rebalance 10 min later)
                        "task.assignor.class",
                        "org.apache.kafka.streams.processor.assignment.assignors.StickyTaskAssignor"));
    }

    public static void main(String[] args) throws Exception {
        ImagingRunner runner = new ImagingRunner(runnerConfig(args[1], Path.of(args[2])), config());
        runner.start(args[0]);
        CountDownLatch never = new CountDownLatch(1);
        while (!runner.running()) {
            never.await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        System.out.println("RUNNING");
        System.out.flush();
        never.await();
    }
}
