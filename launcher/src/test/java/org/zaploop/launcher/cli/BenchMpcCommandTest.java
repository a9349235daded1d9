package org.zaploop.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.zaploop.launcher.ZapLoop;
import picocli.CommandLine;

class BenchMpcCommandTest {

    @Test
    void runsBothPoliciesOnTheVirtualFishAndPrintsOneJsonObject() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = ZapLoop.commandLine();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("bench", "mpc", "--neurons", "900", "--frames", "6", "--settle", "2", "--json");
        assertEquals(0, code);
        assertEquals(1, out.toString().trim().lines().count(), out.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertTrue(j.get("setpointRms").asDouble() >= 0 && j.get("mpcRms").asDouble() >= 0, j.toString());
        assertEquals(6, j.get("frames").asInt());
        // identification before control: 3 probes between rests of 4 frames, the MPC's twin fitted and validated
        assertEquals(28, j.get("identificationFrames").asInt(), j.toString());
        assertTrue(j.get("fit").asBoolean(), j.toString());
        assertTrue(j.get("fittedPhotostimGain").asDouble() > 0, j.toString());
        assertEquals(j.get("fitHeldOutRms").asDouble() < j.get("fitHeldOutRmsUnfitted").asDouble(),
                j.get("fitAccepted").asBoolean(), "the fit is used only if it holds out better: " + j);
    }

    @Test
    void withoutIdentificationTheTwinIsUnfittedAndNoFitIsReported() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = ZapLoop.commandLine();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("bench", "mpc", "--neurons", "900", "--frames", "3", "--settle", "1",
                "--probe-frames", "0", "--json");
        assertEquals(0, code);
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals(0, j.get("identificationFrames").asInt(), j.toString());
        assertFalse(j.get("fit").asBoolean(), j.toString());
        assertFalse(j.has("fittedPhotostimGain"), j.toString());
        assertEquals(2, cl.execute("bench", "mpc", "--probe-frames", "1"), "a probe of one frame is refused");
    }

    @Test
    void benchPolicyComparesPiMpcAndTheBanditOnTheVirtualFish() throws Exception {
        ZapLoopCommandTest.Result r = ZapLoopCommandTest.run("bench", "policy", "--json", "--seeds", "3",
                "--setpoint-seeds", "1", "--frames", "60", "--decisions", "1000", "--gain-seeds", "0",
                "--fish-frames", "5", "--fish-settle", "1", "--fish-target", "0.9");
        assertEquals(0, r.exit(), r.err());
        JsonNode f = new ObjectMapper().readTree(r.out()).get("fishSetpoint");
        assertEquals(5, f.get("frames").asInt(), f.toString());
        for (String policy : new String[] {"setpoint", "mpc", "bandit"}) {
            double rms = f.get("rms").get(policy).asDouble(Double.NaN);
            assertTrue(rms > 0 && rms < 2, policy + ": an RMS error of ΔF/F from the run, got " + f);
        }
    }
}
