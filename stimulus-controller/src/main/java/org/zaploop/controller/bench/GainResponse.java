package org.zaploop.controller.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zaploop.controller.loop.DecisionLoop;
import org.zaploop.controller.loop.DecisionSink;
import org.zaploop.controller.policy.OptomotorPolicy;
import org.zaploop.controller.policy.PolicyInput;
import org.zaploop.controller.policy.PolicyParams;
import org.zaploop.controller.safety.SafetyEnvelope;
import org.zaploop.controller.safety.SafetyLimits;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;

/**
 * The optomotor loop's swim-vigor response to its gain, on a fish: the optomotor policy (rig-side loop, as in the
 * demo) behind the safety envelope cycles the gains block by block; every behaviour record is booked under the gain
 * the fish was shown at that moment. A fish that reads visual feedback swims less when its swimming counts more.
 * No Kafka: the decision loop's commands go to the fish directly and each is acknowledged as a rig would.
 */
public final class GainResponse {

    /** Seconds after each gain change left out, while the fish adapts to the new feedback. */
    public static final double SETTLE_S = 2.0;
    /**
     * Seconds the fish runs before the loop starts: the swim detector seeds its noise floor from the first
     * moments of a session, which must not be one long bout.
     */
    public static final double WARMUP_S = 5.0;

    /** Behaviour under one gain: swimming time fraction, bout rate, mean vigor, over {@code seconds} of it. */
    public record Row(double gain, double seconds, double swimFraction, double boutsPerMinute, double meanVigor) {
    }

    private GainResponse() {
    }

    /** Runs {@code cycles} × every gain for {@code blockS} each; one row per gain, in the order given. */
    public static List<Row> measure(OptomotorFish fish, double[] gains, double blockS, int cycles, long seed) {
        StringBuilder g = new StringBuilder();
        for (double x : gains) {
            g.append(g.length() == 0 ? "" : ",").append(x);
        }
        double[] seconds = new double[gains.length];
        double[] swimming = new double[gains.length];
        double[] bouts = new double[gains.length];
        double[] vigor = new double[gains.length];
        try (OptomotorFish.Session s = fish.open(seed)) {
            long[] now = {s.startNs()};
            double[] shown = {Double.NaN};
            long[] shownSinceNs = {Long.MIN_VALUE};
            long[] lastSeq = {-1};
            DecisionSink sink = new DecisionSink() {
                @Override
                public void command(StimulusCommand c, long inputAcquisitionNs) {
                    s.command(c);
                    lastSeq[0] = c.seq();
                    double gain = c.stimulus() == Stimulus.GRATING ? c.params().getOrDefault("gain", 0.0) : Double.NaN;
                    if (Double.compare(gain, shown[0]) != 0) {
                        shown[0] = gain;
                        shownSinceNs[0] = c.validFromNs();
                    }
                }

                @Override
                public void audit(AuditRecord a) {
                }
            };
            DecisionLoop loop = new DecisionLoop("bench-gain", new OptomotorPolicy(new PolicyParams(Map.of(
                    "gains", g.toString(), "blockS", String.valueOf(blockS), "loop", "rig"))),
                    new SafetyEnvelope(SafetyLimits.defaults()), sink, () -> now[0], 0);
            double totalS = WARMUP_S + blockS * gains.length * cycles;
            long offset = 0;
            long previousNs = -1;
            while (true) {
                Behavior b = s.step();
                if (b == null) {
                    continue; // a block the detector did not turn into a record
                }
                double t = (b.acquisitionNs() - s.startNs()) / 1e9;
                if (t > totalS) {
                    break;
                }
                if (t < WARMUP_S) {
                    continue;
                }
                now[0] = b.acquisitionNs() + 1_000_000L; // 1 ms of processing, as on the fast path
                loop.onInput(new PolicyInput.BehaviorInput(b, new InputRef("zl.behavior", 0, offset++, b.acquisitionNs())));
                loop.tick();
                if (lastSeq[0] >= 0) {
                    loop.onRigEvent(new RigEvent("bench-gain", now[0], RigEventKind.COMMAND_ACK, null, null, null,
                            Map.of(), lastSeq[0], null));
                }
                double dt = previousNs < 0 ? 0 : (b.acquisitionNs() - previousNs) / 1e9;
                previousNs = b.acquisitionNs();
                int k = indexOf(gains, shown[0]);
                if (k < 0 || b.acquisitionNs() - shownSinceNs[0] < SETTLE_S * 1e9) {
                    continue;
                }
                seconds[k] += dt;
                swimming[k] += b.swimming() ? dt : 0;
                bouts[k] += b.boutOnset() ? 1 : 0;
                vigor[k] += b.vigor() * dt;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < gains.length; k++) {
            double sec = Math.max(seconds[k], 1e-9);
            rows.add(new Row(gains[k], seconds[k], swimming[k] / sec, bouts[k] / sec * 60, vigor[k] / sec));
        }
        return rows;
    }

    private static int indexOf(double[] gains, double g) {
        for (int k = 0; k < gains.length; k++) {
            if (Double.compare(gains[k], g) == 0) {
                return k;
            }
        }
        return -1;
    }

    /** The rows averaged over seeds, as JSON-ready maps. */
    public static List<Map<String, Object>> mean(List<List<Row>> perSeed) {
        List<Map<String, Object>> out = new ArrayList<>();
        int n = perSeed.size();
        for (int k = 0; k < perSeed.get(0).size(); k++) {
            double sec = 0;
            double swim = 0;
            double bouts = 0;
            double vig = 0;
            for (List<Row> rows : perSeed) {
                Row r = rows.get(k);
                sec += r.seconds();
                swim += r.swimFraction() / n;
                bouts += r.boutsPerMinute() / n;
                vig += r.meanVigor() / n;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gain", perSeed.get(0).get(k).gain());
            m.put("seconds", Math.round(sec * 10) / 10.0);
            m.put("swimFraction", Math.round(swim * 1000) / 1000.0);
            m.put("boutsPerMinute", Math.round(bouts * 10) / 10.0);
            m.put("meanVigor", Math.round(vig * 10000) / 10000.0);
            out.add(m);
        }
        return out;
    }
}
