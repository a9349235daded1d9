package org.zaploop.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.zaploop.protocol.Samples;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.StimulusCommand;

/** The JSON decoders are strict: closed schemas, exact types, no coercion, bounded size and depth. */
class JsonRejectionTest {

    private final StimulusCommandCodec commands = new StimulusCommandCodec();
    private final String valid = new String(commands.encode(Samples.command()), StandardCharsets.UTF_8);

    private String reject(String json) {
        return assertThrows(MalformedRecordException.class,
                () -> commands.decode(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    @Test
    void encodesEveryFieldInOrder() {
        assertTrue(valid.startsWith("{\"session\":\"fish-01\",\"seq\":17,"), valid);
        assertTrue(valid.endsWith("\"policy\":\"omr-gain\",\"condition\":2}"), valid);
    }

    @Test
    void unknownEnumValue() {
        assertEquals("StimulusCommand: field 'stimulus': unknown value 'LASERZ'",
                reject(valid.replace("\"GRATING\"", "\"LASERZ\"")));
    }

    @Test
    void enumsAreCaseSensitive() {
        assertTrue(reject(valid.replace("\"GRATING\"", "\"grating\"")).contains("unknown value"));
    }

    @Test
    void missingAndNullRequiredFields() {
        assertEquals("StimulusCommand: field 'policy': missing", reject(valid.replace(",\"policy\":\"omr-gain\"", "")));
        assertEquals("StimulusCommand: field 'seq': must not be null", reject(valid.replace("\"seq\":17", "\"seq\":null")));
    }

    @Test
    void unknownFields() {
        assertEquals("StimulusCommand: unknown field 'laser'", reject(valid.replace("{", "{\"laser\":1,")));
    }

    @Test
    void noCoercion() {
        assertTrue(reject(valid.replace("\"seq\":17", "\"seq\":\"17\"")).contains("expected an integer"));
        assertTrue(reject(valid.replace("\"seq\":17", "\"seq\":17.0")).contains("expected an integer"));
        assertTrue(reject(valid.replace("\"seq\":17", "\"seq\":true")).contains("expected an integer"));
        assertTrue(reject(valid.replace("\"velocity\":10.0", "\"velocity\":\"10\"")).contains("expected a number"));
    }

    @Test
    void nonFiniteNumbers() {
        assertTrue(reject(valid.replace("\"velocity\":10.0", "\"velocity\":NaN")).contains("not valid JSON"));
        assertTrue(reject(valid.replace("\"velocity\":10.0", "\"velocity\":Infinity")).contains("not valid JSON"));
        assertTrue(reject(valid.replace("\"velocity\":10.0", "\"velocity\":1e999")).contains("not finite"));
    }

    @Test
    void integersMustFitTheirWidth() {
        assertTrue(reject(valid.replace("\"seq\":17", "\"seq\":99999999999999999999")).contains("int64 range"));
        assertTrue(reject(valid.replace("\"condition\":2", "\"condition\":4294967296")).contains("int32 range"));
    }

    @Test
    void duplicateKeysTrailingTokensAndNonObjects() {
        assertTrue(reject(valid.replace("{", "{\"seq\":1,")).contains("not valid JSON"));
        assertTrue(reject(valid + " {}").contains("not valid JSON"));
        assertTrue(reject("[]").contains("expected a JSON object"));
        assertTrue(reject("").contains("empty document"));
    }

    @Test
    void deepNestingIsRefusedByTheParser() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertTrue(reject(valid.replace("\"condition\":2", "\"condition\":" + deep)).contains("not valid JSON"));
    }

    @Test
    void oversizedDocuments() {
        String big = valid.replace("\"policy\":\"omr-gain\"", "\"policy\":\"" + "x".repeat(1024 * 1024) + "\"");
        assertTrue(reject(big).startsWith("StimulusCommand: too large"));
    }

    @Test
    void recordRulesApply() {
        assertTrue(reject(valid.replace("\"condition\":2", "\"condition\":9")).contains("'condition'"));
        assertTrue(reject(valid.replaceAll("\"validUntilNs\":\\d+", "\"validUntilNs\":0")).contains("validUntilNs"));
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() {
        StimulusCommand absent = commands.decode(valid.replace(",\"condition\":2", "")
                .getBytes(StandardCharsets.UTF_8));
        StimulusCommand nul = commands.decode(valid.replace("\"condition\":2", "\"condition\":null")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(absent, nul);
        assertEquals(null, absent.condition());
    }

    @Test
    void nestedCommandInAuditIsStrictToo() {
        AuditRecordCodec audits = new AuditRecordCodec();
        String json = new String(audits.encode(Samples.audit()), StandardCharsets.UTF_8);
        String bad = json.replace("\"stimulus\":\"GRATING\"", "\"stimulus\":\"LASERZ\"");
        assertEquals("AuditRecord: field 'command.stimulus': unknown value 'LASERZ'",
                assertThrows(MalformedRecordException.class,
                        () -> audits.decode(bad.getBytes(StandardCharsets.UTF_8))).getMessage());
        String extra = json.replace("\"partition\":1,", "\"partition\":1,\"x\":0,");
        assertEquals("AuditRecord: unknown field 'inputs[0].x'",
                assertThrows(MalformedRecordException.class,
                        () -> audits.decode(extra.getBytes(StandardCharsets.UTF_8))).getMessage());
        AuditRecord back = audits.decode(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(8L, back.policyParams().get("window"));
    }
}
