package org.zaploop.sim.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.zaploop.protocol.ZapbenchConditions;
import org.zaploop.sim.fish.FishCommand;

/**
 * ZAPBench's stimulus protocol for a recorded virtual-fish session: the nine conditions in ZAPBench's order, their
 * boundaries scaled to the session (exactly ZAPBench's at 7,879 volumes), each command tagged with its condition so
 * the archive's rig events say which condition every frame belongs to. Inside a condition the stimulus varies as
 * the rig's protocol playback varies it:
 *
 * <table>
 *   <caption>conditions</caption>
 *   <tr><th>k</th><th>ZAPBench</th><th>stimulus</th></tr>
 *   <tr><td>0</td><td>gain</td><td>GRATING 10 mm/s, closed-loop gain 0.5 and 1.5 alternating every 10 s</td></tr>
 *   <tr><td>1</td><td>dots</td><td>DOTS 10 mm/s</td></tr>
 *   <tr><td>2</td><td>flash</td><td>a 1 s FLASH every 5 s</td></tr>
 *   <tr><td>3</td><td>taxis</td><td>PHOTOTAXIS, the lit side alternating every 10 s</td></tr>
 *   <tr><td>4</td><td>turning</td><td>ROTATION ±10 alternating every 10 s</td></tr>
 *   <tr><td>5</td><td>position</td><td>GRATING 5 mm/s, gain 1.5</td></tr>
 *   <tr><td>6</td><td>open loop</td><td>GRATING 10 mm/s, gain 0</td></tr>
 *   <tr><td>7</td><td>rotation</td><td>ROTATION ±20 alternating every 10 s</td></tr>
 *   <tr><td>8</td><td>dark</td><td>DARK</td></tr>
 * </table>
 */
public final class ZapbenchSchedule {

    /** The {@code --schedule} value that selects this protocol. */
    public static final String NAME = "zapbench";
    private static final double PHASE_S = 10;
    private static final double FLASH_PERIOD_S = 5;

    private ZapbenchSchedule() {
    }

    /** Whether a {@code --schedule} list names this protocol rather than stimuli. */
    public static boolean isChosen(String[] schedule) {
        return schedule.length == 1 && NAME.equalsIgnoreCase(schedule[0]);
    }

    /** The commands of a {@code frames}-volume session starting at {@code startNs}, in time order. */
    public static List<FishCommand> commands(long frames, double volumePeriodS, long startNs) {
        List<FishCommand> out = new ArrayList<>();
        for (int k = 0; k < ZapbenchConditions.COUNT; k++) {
            double fromS = ZapbenchConditions.scaledStart(k, (int) frames) * volumePeriodS;
            double untilS = ZapbenchConditions.scaledStart(k + 1, (int) frames) * volumePeriodS;
            double phaseS = k == 2 ? FLASH_PERIOD_S : PHASE_S;
            int phase = 0;
            for (double t = fromS; t < untilS; t += phaseS, phase++) {
                double end = Math.min(untilS, t + phaseS);
                out.add(new FishCommand(out.size(), STIMULI[k], params(k, phase), k, startNs + Math.round(t * 1e9),
                        startNs + Math.round(end * 1e9) + 1));
            }
        }
        return out;
    }

    private static final String[] STIMULI = {"GRATING", "DOTS", "FLASH", "PHOTOTAXIS", "ROTATION", "GRATING",
        "GRATING", "ROTATION", "DARK"};

    /** Condition k's stimulus parameters in its {@code phase}-th phase (sign alternates from phase to phase). */
    private static Map<String, Double> params(int k, int phase) {
        double sign = phase % 2 == 0 ? 1 : -1;
        return switch (k) {
            case 0 -> Map.of("velocity", 10.0, "gain", phase % 2 == 0 ? 0.5 : 1.5);
            case 1 -> Map.of("velocity", 10.0, "density", 1.0);
            case 2 -> Map.of("intensity", 1.0, "durationS", 1.0);
            case 3 -> Map.of("direction", sign);
            case 4 -> Map.of("velocity", 10 * sign);
            case 5 -> Map.of("velocity", 5.0, "gain", 1.5);
            case 6 -> Map.of("velocity", 10.0, "gain", 0.0);
            case 7 -> Map.of("velocity", 20 * sign);
            default -> Map.of();
        };
    }
}
