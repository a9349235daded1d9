package org.zaploop.processors.streams;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a {@link StreamsRunner} runs its topology.
 *
 * @param applicationId Streams application id (consumer group, prefix of internal topics)
 * @param fastPath      true: at_least_once with producer linger.ms=0 (the live loop); false: exactly_once_v2
 *                      (recorded and replayed data)
 * @param threads       stream threads
 * @param stateDir      state directory, or null for a fresh temporary one
 * @param overrides     Streams properties that win over every default
 */
public record RunnerConfig(String applicationId, boolean fastPath, int threads, Path stateDir,
                           Map<String, String> overrides) {

    public RunnerConfig {
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("applicationId is required");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        overrides = Map.copyOf(overrides == null ? Map.of() : overrides);
    }

    public static RunnerConfig fast(String applicationId) {
        return new RunnerConfig(applicationId, true, 1, null, Map.of());
    }

    public static RunnerConfig exactlyOnce(String applicationId) {
        return new RunnerConfig(applicationId, false, 1, null, Map.of());
    }

    public RunnerConfig withStateDir(Path dir) {
        return new RunnerConfig(applicationId, fastPath, threads, dir, overrides);
    }

    public RunnerConfig withThreads(int n) {
        return new RunnerConfig(applicationId, fastPath, n, stateDir, overrides);
    }

    public RunnerConfig withOverrides(Map<String, String> more) {
        return new RunnerConfig(applicationId, fastPath, threads, stateDir, more);
    }
}
