package org.zaploop.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import org.zaploop.protocol.codec.MalformedRecordException;

class KeysTest {

    @Test
    void buildsAndParsesEveryKeyShape() {
        assertEquals("fish-01/17", Keys.planeKey("fish-01", 17));
        assertEquals(17, Keys.planeZOf("fish-01/17"));
        assertEquals("fish-01/0003", Keys.blockKey("fish-01", 3));
        assertEquals(3, Keys.blockOf("fish-01/0003"));
        assertEquals("fish-01/9999", Keys.blockKey("fish-01", 9999));
        assertEquals("fish-01/hindbrain", Keys.regionKey("fish-01", "hindbrain"));
        assertEquals("hindbrain", Keys.regionOf("fish-01/hindbrain"));
        assertEquals("fish-01", Keys.sessionKey("fish-01"));
        assertEquals("fish-01", Keys.sessionOf("fish-01/0003"));
        assertEquals("fish-01", Keys.sessionOf("fish-01"));
    }

    @Test
    void refusesBadParts() {
        assertThrows(IllegalArgumentException.class, () -> Keys.planeKey("fish/01", 1));
        assertThrows(IllegalArgumentException.class, () -> Keys.blockKey("fish-01", 10_000));
        assertThrows(IllegalArgumentException.class, () -> Keys.sessionKey("x".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> Keys.sessionKey(""));
        assertThrows(IllegalArgumentException.class, () -> Keys.regionKey("fish-01", "a b"));
    }

    @Test
    void parsersThrowMalformedRecordException() {
        for (String bad : new String[] {"fish-01/017", "fish-01/-1", "fish-01", "fish-01/4096", "/3", "f ish/3"}) {
            assertThrows(MalformedRecordException.class, () -> Keys.planeZOf(bad), bad);
        }
        for (String bad : new String[] {"fish-01/3", "fish-01/00003", "fish-01/abcd", "fish-01"}) {
            assertThrows(MalformedRecordException.class, () -> Keys.blockOf(bad), bad);
        }
        assertThrows(MalformedRecordException.class, () -> Keys.regionOf("fish-01/a/b"));
        assertThrows(MalformedRecordException.class, () -> Keys.sessionOf(null));
    }
}
