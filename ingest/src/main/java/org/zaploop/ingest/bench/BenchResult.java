package org.zaploop.ingest.bench;

import io.vertx.core.json.JsonObject;

/**
 * What the ingest benchmark measured over its window.
 *
 * @param scale               full or small
 * @param connections         rig sockets
 * @param warmupSeconds       seconds streamed before the window
 * @param seconds             measured seconds
 * @param planes              planes acknowledged by Kafka in the window
 * @param megabytesPerSecond  record bytes acknowledged per second, 10^6 bytes
 * @param realTimeMegabytesPerSecond what the rig produces in real time at this scale
 * @param realTimeFactor      sustained / real time (≥ 1: keeps up with ZAPBench)
 * @param ackLatencyP50Ms     receipt at the gateway → Kafka acknowledgement, median
 * @param ackLatencyP99Ms     same, 99th percentile
 * @param pauses              times the gateway paused a socket for back-pressure in the window
 * @param pausedSeconds       time sockets spent paused in the window, summed over sockets
 * @param maxInFlightMegabytes highest in-flight total seen, 10^6 bytes
 * @param clientWaits         times a client's send waited on a full write queue
 * @param rejected            records refused (should be 0)
 * @param failures            records Kafka did not take (should be 0)
 * @param binaryCopies        planes the gateway had to copy out of the socket buffer (0 on the fast path)
 */
public record BenchResult(String scale, int connections, int warmupSeconds, int seconds, long planes, double megabytesPerSecond,
                          double realTimeMegabytesPerSecond, double realTimeFactor, double ackLatencyP50Ms,
                          double ackLatencyP99Ms, long pauses, double pausedSeconds, double maxInFlightMegabytes,
                          long clientWaits, long rejected, long failures, long binaryCopies) {

    public JsonObject toJson() {
        return new JsonObject().put("benchmark", "ingest").put("scale", scale).put("connections", connections)
                .put("warmupSeconds", warmupSeconds).put("seconds", seconds).put("planes", planes)
                .put("mbPerSecond", round(megabytesPerSecond)).put("realTimeMbPerSecond", round(realTimeMegabytesPerSecond))
                .put("realTimeFactor", round(realTimeFactor))
                .put("ackLatencyP50Ms", round(ackLatencyP50Ms)).put("ackLatencyP99Ms", round(ackLatencyP99Ms))
                .put("pauses", pauses).put("pausedSeconds", round(pausedSeconds))
                .put("maxInFlightMb", round(maxInFlightMegabytes)).put("clientWaits", clientWaits)
                .put("rejected", rejected).put("failures", failures).put("binaryCopies", binaryCopies);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** A human-readable table. */
    public String table() {
        return String.format(java.util.Locale.ROOT, """
                ZapLoop ingest benchmark: rig → gateway (WebSocket) → Kafka, %s planes
                  connections                 %d
                  measured                    %d s, after %d s of warm-up
                  planes acknowledged         %d
                  sustained                   %.1f MB/s
                  ZAPBench real time          %.1f MB/s
                  fraction of real time       %.2f×
                  gateway→Kafka ack p50       %.1f ms
                  gateway→Kafka ack p99       %.1f ms
                  back-pressure pauses        %d (%.1f s paused, summed over sockets)
                  max in flight               %.1f MB
                  client write-queue waits    %d
                  rejected / failed           %d / %d
                  planes copied by gateway    %d
                """, scale, connections, seconds, warmupSeconds, planes, megabytesPerSecond, realTimeMegabytesPerSecond,
                realTimeFactor, ackLatencyP50Ms, ackLatencyP99Ms, pauses, pausedSeconds, maxInFlightMegabytes,
                clientWaits, rejected, failures, binaryCopies);
    }
}
