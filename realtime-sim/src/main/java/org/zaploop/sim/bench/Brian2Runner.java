package org.zaploop.sim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shipped Brian2 reference script ({@code brian2/cuba_coba.py}) with
 * {@code /usr/bin/python3} on Brian2's {@code cpp_standalone} device and parses its one JSON line.
 * Compilation time is reported apart from loop time.
 */
public final class Brian2Runner {

    /** The interpreter the Debian {@code python3-brian} package installs into. */
    public static final String PYTHON = "/usr/bin/python3";
    public static final String INSTALL_HINT =
            "Brian2 not found for " + PYTHON + ". Install it with: sudo apt-get install -y python3-brian";

    private final ObjectMapper json = new ObjectMapper();

    /** True if {@code /usr/bin/python3 -c "import brian2"} succeeds. */
    public boolean available() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import brian2").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One Brian2 run: returns its figures with compile seconds in {@code buildSeconds}. */
    public BenchRun run(String model, int neurons, double k, double dtMs, double seconds, long seed)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("zaploop-brian2-");
        Path script = dir.resolve("cuba_coba.py");
        try (InputStream in = Brian2Runner.class.getResourceAsStream("/brian2/cuba_coba.py")) {
            if (in == null) {
                throw new IOException("resource brian2/cuba_coba.py missing from the classpath");
            }
            Files.write(script, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), "--model", model,
                "--neurons", Integer.toString(neurons), "--synapses-per-neuron", Double.toString(k),
                "--dt", Double.toString(dtMs), "--seconds", Double.toString(seconds), "--seed", Long.toString(seed),
                "--directory", dir.resolve("build").toString()));
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException("Brian2 script failed (exit " + rc + "), see " + err + ": "
                    + tail(Files.readString(err)));
        }
        String line = null;
        for (String l : out.split("\n")) {
            if (l.startsWith("{")) {
                line = l;
            }
        }
        if (line == null) {
            throw new IOException("Brian2 script printed no JSON; stdout was: " + tail(out));
        }
        JsonNode j = json.readTree(line);
        double loop = j.path("loopSeconds").asDouble();
        double sim = j.path("seconds").asDouble();
        return new BenchRun(j.path("simulator").asText(), model, neurons, j.path("synapses").asLong(), 1, seed, dtMs,
                sim, j.path("compileSeconds").asDouble(), loop, loop / sim, sim / loop,
                j.path("synapticEventsPerSecond").asDouble(), -1, -1, Double.NaN, j.path("peakRssBytes").asLong(),
                j.path("rateHz").asDouble(), j.path("rateExcHz").asDouble(), j.path("rateInhHz").asDouble(),
                j.path("meanIsiCv").asDouble(Double.NaN), j.path("spikes").asLong());
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
