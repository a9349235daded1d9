package org.zaploop.sim.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The twin's fitted free parameters, per region of the zebrafish layout: an extra constant current (the region's
 * excitability, pA) and a gain on the stimulus drive it receives (1 = the fish's drive rules as they are). Stored as
 * a small JSON file ({@code zaploop twin fit --out MODEL}). Reads and writes no topic.
 *
 * @param regions   region names, in the layout's order
 * @param biasPa    extra current per region, pA, finite
 * @param inputGain stimulus-drive gain per region, finite, ≥ 0
 */
public record TwinModel(List<String> regions, double[] biasPa, double[] inputGain) {

    public TwinModel {
        regions = List.copyOf(regions);
        if (biasPa.length != regions.size() || inputGain.length != regions.size()) {
            throw new IllegalArgumentException("a twin model needs one bias and one gain per region ("
                    + regions.size() + "), got " + biasPa.length + " and " + inputGain.length);
        }
        for (int r = 0; r < regions.size(); r++) {
            if (!Double.isFinite(biasPa[r]) || !Double.isFinite(inputGain[r]) || inputGain[r] < 0) {
                throw new IllegalArgumentException("region '" + regions.get(r) + "': bias must be finite and gain a"
                        + " finite number >= 0, got " + biasPa[r] + ", " + inputGain[r]);
            }
        }
        biasPa = biasPa.clone();
        inputGain = inputGain.clone();
    }

    /** No extra current, drive as the rules say. */
    public static TwinModel neutral(List<String> regions) {
        double[] gain = new double[regions.size()];
        Arrays.fill(gain, 1.0);
        return new TwinModel(regions, new double[regions.size()], gain);
    }

    @Override
    public double[] biasPa() {
        return biasPa.clone();
    }

    @Override
    public double[] inputGain() {
        return inputGain.clone();
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
            o.put("inputGain", inputGain[r]);
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
        String[] names = new String[rs.size()];
        double[] bias = new double[rs.size()];
        double[] gain = new double[rs.size()];
        for (int r = 0; r < rs.size(); r++) {
            JsonNode o = rs.get(r);
            if (!o.path("name").isTextual() || !o.path("biasPa").isNumber() || !o.path("inputGain").isNumber()) {
                throw new IOException(file + ": region " + r + " needs name, biasPa and inputGain");
            }
            names[r] = o.get("name").asText();
            bias[r] = o.get("biasPa").asDouble();
            gain[r] = o.get("inputGain").asDouble();
        }
        try {
            return new TwinModel(List.of(names), bias, gain);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
