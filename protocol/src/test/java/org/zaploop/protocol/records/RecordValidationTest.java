package org.zaploop.protocol.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.zaploop.protocol.Samples;

/** The compact constructors enforce the documented rules, so a record that exists is a record that encodes. */
class RecordValidationTest {

    @Test
    void planeTileMustFitThePlane() {
        short[] px = new short[4];
        assertThrows(IllegalArgumentException.class, () -> new Plane("s", 0, 0, 1, 0, 4, 4, 3, 0, 2, 2, px));
        assertThrows(IllegalArgumentException.class, () -> new Plane("s", 0, 1, 1, 0, 4, 4, 0, 0, 2, 2, px));
        assertThrows(IllegalArgumentException.class, () -> new Plane("s", 0, 0, 1, 0, 4, 4, 0, 0, 2, 3, px));
        assertEquals(2 * 2, new Plane("s", 0, 0, 1, 0, 4, 4, 2, 2, 2, 2, px).pixels().length);
    }

    @Test
    void unsignedPixels() {
        Plane p = Samples.wholePlane();
        assertEquals(65535, p.pixel(0, 0));
        assertTrue(p.isWholePlane());
    }

    @Test
    void equalityUsesArrayContents() {
        assertEquals(Samples.trace(), Samples.trace());
        assertNotEquals(Samples.trace(), Samples.tracePartial());
        assertEquals(Samples.simActivityNoError(), Samples.simActivityNoError(), "NaN equals NaN in records");
    }

    @Test
    void int16EphysMustBeQuantized() {
        assertThrows(IllegalArgumentException.class, () -> new EphysBlock("s", 0, 1000, 0, 1, 1, SampleType.INT16,
                0.5f, new float[] {0.3f}));
        assertThrows(IllegalArgumentException.class, () -> new EphysBlock("s", 0, 1000, 0, 1, 1, SampleType.FLOAT32,
                2f, new float[] {0.3f}));
        assertThrows(IllegalArgumentException.class, () -> new EphysBlock("s", 0, Double.NaN, 0, 1, 1,
                SampleType.FLOAT32, 1f, new float[] {0.3f}));
    }

    @Test
    void paramsMustBeFiniteAndAreSorted() {
        Map<String, Double> params = new HashMap<>();
        params.put("b", 1.0);
        params.put("a", 2.0);
        StimulusCommand c = new StimulusCommand("s", 0, 0, 0, 0, 1, Stimulus.OFF, params, "p", null);
        assertEquals(List.of("a", "b"), List.copyOf(c.params().keySet()));
        params.put("c", Double.NaN);
        assertThrows(IllegalArgumentException.class,
                () -> new StimulusCommand("s", 0, 0, 0, 0, 1, Stimulus.OFF, params, "p", null));
    }

    @Test
    void footprintsMustStayInTheVolume() {
        assertThrows(IllegalArgumentException.class, () -> new NeuronTableBlock("s", 0, 0, 0, 1, 2, 2, 1, 0,
                new int[] {1}, new float[] {0}, new float[] {0}, new float[] {0}, new int[] {0, 1}, new int[] {4},
                null));
        assertThrows(IllegalArgumentException.class, () -> new NeuronTableBlock("s", 0, 0, 0, 1, 2, 2, 1, 0,
                new int[] {1}, new float[] {Float.NaN}, new float[] {0}, new float[] {0}, new int[] {0, 1},
                new int[] {3}, null));
    }

    @Test
    void auditDecisionsNeedTheirEvidence() {
        assertThrows(IllegalArgumentException.class, () -> new AuditRecord("s", 0, 0, 0, "p", Map.of(), List.of(),
                Decision.ISSUED, null, "why", null));
        assertThrows(IllegalArgumentException.class, () -> new AuditRecord("s", 0, 0, 0, "p", Map.of(), List.of(),
                Decision.REFUSED, null, "why", null));
        assertThrows(IllegalArgumentException.class, () -> new AuditRecord("s", 0, 0, 0, "p",
                Map.of("x", List.of()), List.of(), Decision.SAFE_STATE, null, "why", null));
    }

    @Test
    void deadLettersCarryBytesAsCanonicalBase64() {
        DeadLetter d = Samples.deadLetter();
        assertEquals("fish-01/0003", new String(d.keyBytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> new DeadLetter("t", 0, 0, 0, "r", "QQ=", null));
        assertThrows(IllegalArgumentException.class, () -> new DeadLetter("t", 0, 0, 0, "r", "QR==", null));
        String longReason = "x".repeat(10_000);
        assertEquals(Limits.MAX_TEXT_CHARS, DeadLetter.of("t", 0, 0, 0, longReason, null, null).reason().length());
    }

    @Test
    void aReasonQuotingALoneSurrogateStillMakesADeadLetter() {
        // Found by the gateway fuzz campaign: a RigEvent kind "\ud800" was refused but its dead letter was not written.
        String reason = "RigEvent: field 'kind': unknown value '\ud800' or '\udc00x' but '\ud83d\ude00' is fine";
        DeadLetter d = DeadLetter.of("zl.rig.events", 0, 0, 0, reason, null, null);
        assertEquals("RigEvent: field 'kind': unknown value '\ufffd' or '\ufffdx' but '\ud83d\ude00' is fine", d.reason());
        assertEquals(d, new org.zaploop.protocol.codec.DeadLetterCodec().decode(
                new org.zaploop.protocol.codec.DeadLetterCodec().encode(d)));
    }
}
