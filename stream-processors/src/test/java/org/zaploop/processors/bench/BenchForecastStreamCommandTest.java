package org.zaploop.processors.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The whole-brain forecasting bench runs its path on several workers and prints one JSON object (no timing asserted). */
class BenchForecastStreamCommandTest {

    @Test
    void printsOneJsonObjectWithTheBytesOfEveryForecast() {
        StringWriter sw = new StringWriter();
        int code = new CommandLine(new BenchForecastStreamCommand()).setOut(new PrintWriter(sw))
                .execute("--neurons", "1100", "--context", "12", "--frames", "3", "--threads", "2",
                        "--forecasters", "mean,linear", "--json");
        String json = sw.toString().trim();
        assertEquals(0, code, json);
        assertTrue(json.startsWith("{\"bench\":\"forecast-stream\"") && json.endsWith("}"), json);
        assertEquals(1, json.lines().count(), json);
        assertTrue(json.contains("\"blocks\":3"), json);
        assertTrue(json.contains("\"threads\":2"), json);
        // 1,100 neurons × 32 steps × 4 bytes × 2 forecasters = 0.2816 MB, plus headers (printed to 0.01 MB)
        double mb = Double.parseDouble(json.replaceAll(".*\"forecastMBPerFrame\":([0-9.]+).*", "$1"));
        assertTrue(mb >= 0.28 && mb < 0.30, json);
    }
}
