package org.zaploop.controller.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.zaploop.controller.safety.InputKind;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.Stimulus;

/**
 * Optomotor closed loop (the demo's default), as in ZAPBench's gain condition: a forward grating whose perceived
 * velocity is {@code base − gain × vigor × swimSpeed}, with the gain alternating between blocks of low and high
 * gain. Decides on every behaviour record from {@code zl.behavior} (via the decision loop).
 *
 * <p>Who closes the fast loop ({@code loop} param):
 * <ul>
 *   <li>{@code rig} (default): the controller sends {@code GRATING {velocity: base, gain: g}} and the rig (or the
 *       virtual fish) subtracts {@code g × vigor × 20 mm/s} itself on every frame of its display. The controller
 *       owns the gain schedule and safety; the sub-10 ms visual feedback never waits for Kafka. The commands only
 *       change when the gain block changes; in between the loop refreshes them before their window ends.</li>
 *   <li>{@code controller}: the controller computes the flow itself on each behaviour record and sends
 *       {@code GRATING {velocity: base − g × vigor × swimSpeed, gain: 0}} (gain 0 so the rig does not subtract it
 *       twice). The loop then runs through Kafka: use it to measure that path, not for behaviour.</li>
 * </ul>
 *
 * <p>Params: {@code baseVelocity} (mm/s, default 10), {@code gains} (comma list, default {@code 0.5,1.5}),
 * {@code blockS} (s per gain block, default 30), {@code loop} ({@code rig}|{@code controller}), {@code swimSpeed}
 * (mm/s at vigor 1, default 20, controller loop only), {@code minIntervalMs} (controller loop only: at most one
 * command per display frame, default 10 ms = 100 Hz; behaviour arrives every ephys block, up to 1 kHz, and a
 * display cannot show more), {@code condition} (default 0, ZAPBench "gain").
 */
public final class OptomotorPolicy implements Policy {

    public static final String NAME = "optomotor";

    private final double baseVelocity;
    private final double[] gains;
    private final long blockNs;
    private final boolean rigLoop;
    private final double swimSpeed;
    private final int condition;
    private final long minIntervalNs;
    private final Map<String, Object> params;
    private long t0 = -1;
    private boolean proposed;
    private long lastProposalNs;

    public OptomotorPolicy(PolicyParams p) {
        this.baseVelocity = p.dbl("baseVelocity", 10);
        this.gains = p.doubles("gains", "0.5,1.5");
        double blockS = p.dbl("blockS", 30);
        String loop = p.str("loop", "rig");
        this.swimSpeed = p.dbl("swimSpeed", 20);
        this.condition = (int) p.lng("condition", 0);
        double minIntervalMs = p.dbl("minIntervalMs", 10);
        p.requireAllUsed(NAME);
        PolicyParams.require(minIntervalMs >= 0, "optomotor: minIntervalMs must be >= 0");
        this.minIntervalNs = Math.round(minIntervalMs * 1e6);
        PolicyParams.require(gains.length > 0, "optomotor: gains must list at least one gain");
        PolicyParams.require(blockS > 0, "optomotor: blockS must be > 0");
        PolicyParams.require(loop.equals("rig") || loop.equals("controller"), "optomotor: loop must be rig or controller");
        PolicyParams.require(condition >= 0 && condition <= 8, "optomotor: condition must be 0..8");
        this.blockNs = Math.round(blockS * 1e9);
        this.rigLoop = loop.equals("rig");
        this.params = p.effective();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return params;
    }

    @Override
    public Set<InputKind> needs() {
        return Set.of(InputKind.BEHAVIOR);
    }

    @Override
    public long inputPeriodMs() {
        return 10;
    }

    /** The gain in force at acquisition time {@code tNs} (blocks counted from the first behaviour record). */
    public double gainAt(long tNs) {
        if (t0 < 0) {
            return gains[0];
        }
        long block = Math.max(0, tNs - t0) / blockNs;
        return gains[(int) (block % gains.length)];
    }

    @Override
    public Proposal decide(PolicyInput input) {
        if (!(input instanceof PolicyInput.BehaviorInput in)) {
            return null;
        }
        Behavior b = in.behavior();
        if (t0 < 0) {
            t0 = b.acquisitionNs();
        }
        if (!rigLoop && proposed && b.acquisitionNs() - lastProposalNs < minIntervalNs) {
            return null; // the display shows one frame per interval: the next record after it carries the newest vigor
        }
        proposed = true;
        lastProposalNs = b.acquisitionNs();
        double g = gainAt(b.acquisitionNs());
        Map<String, Double> p = rigLoop
                ? Map.of("velocity", baseVelocity, "gain", g)
                : Map.of("velocity", baseVelocity - g * b.vigor() * swimSpeed, "gain", 0.0);
        String note = rigLoop ? "gain " + g + " block" : String.format("gain %s, vigor %.3f", g, b.vigor());
        return new Proposal(Stimulus.GRATING, p, condition, List.of(in.ref()), b.acquisitionNs(), note);
    }
}
