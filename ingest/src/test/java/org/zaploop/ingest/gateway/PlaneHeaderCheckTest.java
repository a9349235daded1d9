package org.zaploop.ingest.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.zaploop.ingest.testkit.Records;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.records.Plane;

/** The gateway's copy-free plane check accepts and rejects exactly what the protocol's codec does, with its messages. */
class PlaneHeaderCheckTest {

    private static final PlaneCodec CODEC = new PlaneCodec();

    private static String codec(byte[] b) {
        try {
            Plane p = CODEC.decode(b);
            return "ok " + p.session() + " " + p.frame() + " " + p.z() + " " + p.acquisitionNs();
        } catch (MalformedRecordException e) {
            return e.getMessage();
        }
    }

    private static String check(byte[] b) {
        try {
            PlaneHeaderCheck.Header h = PlaneHeaderCheck.check(b);
            return "ok " + h.session() + " " + h.frame() + " " + h.z() + " " + h.acquisitionNs();
        } catch (MalformedRecordException e) {
            return e.getMessage();
        }
    }

    @Test
    void agreesWithTheCodecOnMutatedRecords() {
        byte[] valid = CODEC.encode(Records.tile("fish-01", 3, 7, 16, 8));
        assertEquals(codec(valid), check(valid));
        int[] values = {0x00, 0xff, 0x01, 0x7f, 0x80, 0x2f, 0xc3};
        int compared = 0;
        for (int i = 0; i < 80; i++) {
            for (int v : values) {
                byte[] m = valid.clone();
                m[i] = (byte) v;
                assertEquals(codec(m), check(m), "byte " + i + " = " + v);
                compared++;
            }
        }
        for (int n = 0; n <= valid.length + 3; n++) {
            byte[] m = Arrays.copyOf(valid, n);
            assertEquals(codec(m), check(m), "length " + n);
            compared++;
        }
        SplittableRandom rnd = new SplittableRandom(42);
        for (int k = 0; k < 2000; k++) {
            byte[] m = valid.clone();
            for (int j = 0; j < 3; j++) {
                m[rnd.nextInt(70)] = (byte) rnd.nextInt(256);
            }
            assertEquals(codec(m), check(m), "random mutation " + k);
            compared++;
        }
        assertEquals(560 + valid.length + 4 + 2000, compared);
    }
}
