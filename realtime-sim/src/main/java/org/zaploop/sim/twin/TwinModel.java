package org.zaploop.sim.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The twin's fitted free parameters, per region of the zebrafish layout: an extra constant current (the region's
 * excitability, pA) and, per stimulus, a gain on the drive the region receives under it (1 = the fish's drive rules
 * as they are; a stimulus the model does not list keeps gain 1). Gains are per stimulus because what a rig reports
 * about a stimulus (its parameters) need not say how strongly the fish perceives it. Stored as a small JSON file
 * ({@code zaploop twin fit --out MODEL}). Reads and writes no topic.
 *
 * @param regions   region names, in the layout's order
 * @param biasPa    extra current per region, pA, finite
 * @param stimuli   stimulus names the gains are for
 * @param inputGain [region][stimulus] drive gain, finite, ≥ 0
 * @param tailGain  per region, gain on the drive the measured tail gives the motor pools ({@link DigitalTwin#tail}; 1 =
 *                  {@link DigitalTwin#TAIL_PA} per unit of {@link TailActivity}), finite, ≥ 0
 */
public record TwinModel(List<String> regions, double[] biasPa, List<String> stimuli, double[][] inputGain,
                        double[] tailGain) {

    /** A model with the default tail drive. */
    public TwinModel(List<String> regions, double[] biasPa, List<String> stimuli, double[][] inputGain) {
        this(regions, biasPa, stimuli, inputGain, ones(regions.size()));
    }

    public TwinModel {
        regions = List.copyOf(regions);
        stimuli = List.copyOf(stimuli);
        if (biasPa.length != regions.size() || inputGain.length != regions.size()) {
            throw new IllegalArgumentException("a twin model needs one bias and one row of gains per region ("
                    + regions.size() + "), got " + biasPa.length + " and " + inputGain.length);
        }
        double[][] g = new double[regions.size()][];
        for (int r = 0; r < regions.size(); r++) {
            if (!Double.isFinite(biasPa[r])) {
                throw new IllegalArgumentException("region '" + regions.get(r) + "': bias must be finite");
            }
            if (inputGain[r].length != stimuli.size()) {
                throw new IllegalArgumentException("region '" + regions.get(r) + "' needs one gain per stimulus ("
                        + stimuli.size() + ")");
            }
            for (double v : inputGain[r]) {
                if (!Double.isFinite(v) || v < 0) {
                    throw new IllegalArgumentException("region '" + regions.get(r) + "': gains must be finite and"
                            + " >= 0, got " + v);
                }
            }
            g[r] = inputGain[r].clone();
        }
        if (tailGain.length != regions.size()) {
            throw new IllegalArgumentException("a twin model needs one tail gain per region (" + regions.size()
                    + "), got " + tailGain.length);
        }
        for (int r = 0; r < regions.size(); r++) {
            if (!Double.isFinite(tailGain[r]) || tailGain[r] < 0) {
                throw new IllegalArgumentException("region '" + regions.get(r) + "': the tail gain must be finite"
                        + " and >= 0, got " + tailGain[r]);
            }
        }
        biasPa = biasPa.clone();
        inputGain = g;
        tailGain = tailGain.clone();
    }

    @Override
    public double[] tailGain() {
        return tailGain.clone();
    }

    /** Gain of region {@code r} on the tail's drive. */
    public double tailGain(int r) {
        return tailGain[r];
    }

    /** No extra current, drive as the rules say. */
    public static TwinModel neutral(List<String> regions) {
        return new TwinModel(regions, new double[regions.size()], List.of(), new double[regions.size()][0]);
    }

    @Override
    public double[] biasPa() {
        return biasPa.clone();
    }

    @Override
    public double[][] inputGain() {
        double[][] g = new double[inputGain.length][];
        for (int r = 0; r < g.length; r++) {
            g[r] = inputGain[r].clone();
        }
        return g;
    }

    /** Drive gain of region {@code r} under {@code stimulus} (1 for a stimulus the model does not list). */
    public double gain(int r, String stimulus) {
        int s = stimulus == null ? -1 : stimuli.indexOf(stimulus);
        return s < 0 ? 1.0 : inputGain[r][s];
    }

    /** Writes the model, with a free-form report beside it (e.g. the fit's correlations). */
    public void write(Path file, ObjectNode report) throws IOException {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("format", "zaploop-twin-model-v1");
        ArrayNode rs = root.putArray("regions");
        for (int r = 0; r < regions.size(); r++) {
            ObjectNode o = rs.addObject();
            o.put("name", regions.get(r));
            o.put("biasPa", biasPa[r]);
            o.put("tailGain", tailGain[r]);
            ObjectNode g = o.putObject("inputGain");
            for (int s = 0; s < stimuli.size(); s++) {
                g.put(stimuli.get(s), inputGain[r][s]);
            }
        }
        if (report != null) {
            root.set("report", report);
        }
        Files.writeString(file, m.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /**
     * @throws IOException naming the file and what is wrong with it
     */
    public static TwinModel read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not a twin model: " + e.getMessage(), e);
        }
        if (root == null || !"zaploop-twin-model-v1".equals(root.path("format").asText())) {
            throw new IOException(file + " is not a twin model (format zaploop-twin-model-v1)");
        }
        JsonNode rs = root.path("regions");
        if (!rs.isArray() || rs.isEmpty()) {
            throw new IOException(file + ": 'regions' must be a non-empty list");
        }
        List<String> names = new ArrayList<>();
        List<String> stimuli = new ArrayList<>();
        for (JsonNode o : rs) {
            for (Iterator<String> it = o.path("inputGain").fieldNames(); it.hasNext(); ) {
                String s = it.next();
                if (!stimuli.contains(s)) {
                    stimuli.add(s);
                }
            }
        }
        double[] bias = new double[rs.size()];
        double[] tail = new double[rs.size()];
        double[][] gain = new double[rs.size()][stimuli.size()];
        for (int r = 0; r < rs.size(); r++) {
            JsonNode o = rs.get(r);
            if (!o.path("name").isTextual() || !o.path("biasPa").isNumber() || !o.path("inputGain").isObject()) {
                throw new IOException(file + ": region " + r + " needs name, biasPa and inputGain {stimulus: gain}");
            }
            names.add(o.get("name").asText());
            bias[r] = o.get("biasPa").asDouble();
            JsonNode t = o.get("tailGain");
            if (t != null && !t.isNumber()) {
                throw new IOException(file + ": region " + r + " tailGain is not a number");
            }
            tail[r] = t == null ? 1.0 : t.asDouble(); // a model fitted before the tail drive existed
            for (int s = 0; s < stimuli.size(); s++) {
                JsonNode v = o.get("inputGain").get(stimuli.get(s));
                if (v != null && !v.isNumber()) {
                    throw new IOException(file + ": region " + r + " gain for " + stimuli.get(s) + " is not a number");
                }
                gain[r][s] = v == null ? 1.0 : v.asDouble();
            }
        }
        try {
            return new TwinModel(names, bias, stimuli, gain, tail);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The stimuli of a session, in order of first appearance (for a model to fit gains for). */
    static List<String> stimuliOf(String[] shown) {
        List<String> out = new ArrayList<>();
        for (String s : shown) {
            if (s != null && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Gains of 1, one per region. */
    static double[] ones(int regions) {
        double[] g = new double[regions];
        java.util.Arrays.fill(g, 1.0);
        return g;
    }

    /** Gains of 1 for every region and stimulus. */
    static double[][] ones(int regions, int stimuli) {
        double[][] g = new double[regions][stimuli];
        for (double[] row : g) {
            java.util.Arrays.fill(row, 1.0);
        }
        return g;
    }
}
