package org.zaploop.launcher.deadletters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.DeadLetter;

class DeadLetterReportTest {

    private static DeadLetter letter(String topic, long offset, long ns, String key, String reason) {
        byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return DeadLetter.of(topic, 0, offset, ns, reason, k, new byte[] {1, 2, 3});
    }

    @Test
    void reasonsThatDifferOnlyInNumbersAndSessionAreOneKind() {
        DeadLetterReport r = new DeadLetterReport();
        r.add(letter("zl.imaging.planes", 0, 30, "fish-1/3", "plane z=3 of frame 12 of fish-1 arrived late"), null, null);
        r.add(letter("zl.imaging.planes", 1, 10, "fish-2/5", "plane z=5 of frame 40 of fish-2 arrived late"), null, null);
        r.add(letter("zl.imaging.planes", 2, 20, "fish-2/1", "no segmentation for session fish-2 yet"), null, null);
        r.add(letter("zl.ephys", 0, 40, "fish-1", "sample index 12.5 went back"), null, null);

        Map<String, Map<String, Integer>> s = r.summary();
        assertEquals(List.of("zl.ephys", "zl.imaging.planes"), List.copyOf(s.keySet()), "topics in order");
        assertEquals(Map.of("plane z=# of frame # of SESSION arrived late", 2,
                "no segmentation for session SESSION yet", 1), s.get("zl.imaging.planes"));
        assertEquals("plane z=# of frame # of SESSION arrived late",
                s.get("zl.imaging.planes").keySet().iterator().next(), "most frequent kind first");
        assertEquals(Map.of("sample index # went back", 1), s.get("zl.ephys"));
        List<Long> times = r.rows().stream().map(x -> x.letter().receivedNs()).toList();
        assertEquals(List.of(10L, 20L, 30L, 40L), times, "rows in the order they were refused");
        assertEquals(3, r.rows().get(0).valueBytes());
    }

    @Test
    void theSessionComesFromTheRefusedRecordsKeyAndABadKeyHasNone() {
        DeadLetterReport all = new DeadLetterReport();
        DeadLetterReport one = new DeadLetterReport();
        DeadLetterReport fromEphys = new DeadLetterReport();
        for (DeadLetterReport r : List.of(all, one, fromEphys)) {
            String session = r == one ? "fish-1" : null;
            String source = r == fromEphys ? "zl.ephys" : null;
            r.add(letter("zl.imaging.planes", 0, 1, "fish-1/3", "late"), session, source);
            r.add(letter("zl.ephys", 1, 2, "fish-1", "gap"), session, source);
            r.add(letter("zl.ephys", 2, 3, "fish-10", "gap"), session, source);
            r.add(letter("zl.ephys", 3, 4, "not a session!", "bad key"), session, source);
            r.add(letter("zl.ephys", 4, 5, null, "null key"), session, source);
        }
        assertEquals(5, all.rows().size(), "no filter: every dead letter, whatever its key");
        assertEquals(List.of(0L, 1L), one.rows().stream().map(x -> x.letter().offset()).toList(),
                "fish-1, not fish-10, and not the records without a session");
        assertEquals(4, fromEphys.rows().size());
        assertNull(all.rows().get(3).session(), "an invalid key names no session");
        assertEquals("not a session!", all.rows().get(3).key(), "but the key is shown as it was");
        assertTrue(all.table().lines().count() == 6 && all.table().contains("null key"));
    }

    @Test
    void aLongReasonIsCutToOneLineForItsKind() {
        String kind = DeadLetterReport.kindOf("x".repeat(500) + "\n" + "y", null);
        assertEquals(72, kind.length());
        assertTrue(kind.endsWith("…"));
    }
}
