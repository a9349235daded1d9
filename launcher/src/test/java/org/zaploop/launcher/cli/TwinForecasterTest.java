package org.zaploop.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.processors.forecast.Forecaster;
import org.zaploop.sim.export.FishExport;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.VirtualFish;
import org.zaploop.sim.twin.DigitalTwin;
import org.zaploop.sim.twin.FramePercept;
import org.zaploop.sim.twin.RecordedSession;
import org.zaploop.sim.twin.TwinModel;
import org.zaploop.sim.twin.TwinParams;

/** The digital twin as a forecaster for {@code bench forecast}, on a session exported from a small virtual fish. */
class TwinForecasterTest {

    static final int C = 4;
    static final int H = 6;

    @TempDir
    static Path dir;
    static Path archive;

    @BeforeAll
    static void export() throws Exception {
        FishGeometry g = new FishGeometry(96, 64, 6, 8.7, 48, 0.9141, 900);
        archive = FishExport.run(dir.resolve("session"), VirtualFish.Config.defaults(g, 5), "twin-forecast", 24,
                new String[] {"OFF", "FLASH", "OFF", "FLASH"}, 1, v -> { });
    }

    @Test
    void forecastsWhatTheTwinFollowingTheSessionUpToTheWindowPredicts() throws Exception {
        RecordedSession s = RecordedSession.read(archive);
        int n = s.map().measured();
        int t = 13;
        float[] expected = new float[H * n];
        try (DigitalTwin twin = followedTo(s, t)) {
            twin.simulateAheadShowing(s.heldAfter(t, H), expected, null);
        }
        Forecaster fc = new TwinForecasterProvider().create("twin", archive, C, H);
        assertEquals("twin", fc.name());
        int from = t - C + 1;
        int half = n / 2;
        float[] first = new float[H * half];
        float[] second = new float[H * (n - half)];
        fc.forecast(new float[0][0], from, 0, half, new int[H], first);
        fc.forecast(new float[0][0], from, half, n - half, new int[H], second);
        for (int h = 0; h < H; h++) {
            for (int i = 0; i < n; i++) {
                float got = i < half ? first[h * half + i] : second[h * (n - half) + i - half];
                assertEquals(expected[h * n + i], got, 0f, "step " + h + ", neuron " + i);
            }
        }
        assertEquals(1, ((TwinForecaster) fc).simulated(), "the second block reads the same whole-brain forecast");
        ((AutoCloseable) fc).close();
    }

    /** A twin that has followed the session up to frame t, as the forecaster's twin has for a window ending there. */
    private static DigitalTwin followedTo(RecordedSession s, int t) {
        DigitalTwin twin = new DigitalTwin(TwinParams.defaults(s.meta().volumePeriodS()).againstTruth(), s.map());
        float[] y = new float[s.map().measured()];
        for (int f = 0; f <= t; f++) {
            s.show(f, twin);
            s.frame(f, y);
            twin.observe(f, y);
        }
        return twin;
    }

    @Test
    void aForecastMadeAsAFlashBeginsLetsItEndAsTheFishSawIt() throws Exception {
        RecordedSession s = RecordedSession.read(archive);
        int n = s.map().measured();
        int t = java.util.Arrays.asList(s.stimulus()).indexOf("FLASH"); // the flash's first frame
        assertTrue(t >= C && t + H < s.frames(), "the session shows a flash at " + t);
        FramePercept[] held = s.heldAfter(t, H);
        for (int step = 1; step < H; step++) {
            assertEquals("OFF", held[step].stimulus(), "a 1 s flash is over " + (step + 1) + " frames later");
        }
        assertEquals(s.stimulus()[t + 1], held[0].stimulus(), "the next frame as the session shows it");
        assertEquals(s.params().get(t + 1), held[0].params());
        float[] lit = new float[H * n];
        float[] ended = new float[H * n];
        try (DigitalTwin twin = followedTo(s, t)) {
            twin.simulateAhead(H, null, null, lit, null); // the frame's percept held: the flash never ends
            twin.simulateAheadShowing(held, ended, null);
        }
        TwinForecaster fc = (TwinForecaster) new TwinForecasterProvider().create("twin", archive, C, H);
        float[] got = new float[H * n];
        fc.forecast(null, t - C + 1, 0, n, new int[H], got);
        fc.close();
        assertArrayEquals(ended, got);
        double apart = 0;
        for (int i = (H - 1) * n; i < H * n; i++) {
            apart += Math.abs(lit[i] - ended[i]) / n;
        }
        assertTrue(apart > 1e-3, "a held flash would forecast otherwise: mean |difference| " + apart + " at step " + H);
    }

    @Test
    void anEarlierWindowRestartsTheTwinAndGivesTheSameForecastAgain() throws Exception {
        TwinForecaster fc = (TwinForecaster) new TwinForecasterProvider().create("twin@none", archive, C, H);
        int n = RecordedSession.read(archive).map().measured();
        float[] early = new float[H * n];
        float[] later = new float[H * n];
        fc.forecast(null, 2, 0, n, new int[H], early);
        fc.forecast(null, 12, 0, n, new int[H], later);
        TwinForecaster again = (TwinForecaster) new TwinForecasterProvider().create("twin@none", archive, C, H);
        float[] late = new float[H * n];
        again.forecast(null, 12, 0, n, new int[H], late);
        float[] earlyAgain = new float[H * n];
        again.forecast(null, 2, 0, n, new int[H], earlyAgain);
        assertArrayEquals(later, late);
        assertArrayEquals(early, earlyAgain, "going back restarts the twin from the session's start");
        assertTrue(java.util.Arrays.stream(new double[] {later[0], later[H * n - 1]}).allMatch(Double::isFinite));
        fc.close();
        again.close();
    }

    @Test
    void saysWhatItNeeds() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TwinForecasterProvider().create("twin", empty, C, H));
        assertTrue(e.getMessage().contains("neuron table"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new TwinForecasterProvider().create("twin@sometimes", archive, C, H));
        assertTrue(new TwinForecasterProvider().builds("twin:model.json@causal"));
        assertTrue(!new TwinForecasterProvider().builds("linear"));
    }
}
