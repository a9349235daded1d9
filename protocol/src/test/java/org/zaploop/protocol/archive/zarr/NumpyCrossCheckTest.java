package org.zaploop.protocol.archive.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks the byte layout against numpy when {@code python3} with numpy is installed (skipped otherwise):
 * numpy assembles arrays this writer made from their chunk files alone, and writes a zarr v2 array this reader
 * must read. The Python side knows zarr only from the spec (gzip/zlib from its standard library).
 */
class NumpyCrossCheckTest {

    private static final String READ_V3 = String.join("\n",
            "import json, gzip, sys, itertools, numpy as np",
            "root = sys.argv[1]",
            "m = json.load(open(root + '/zarr.json'))",
            "shape, chunks = m['shape'], m['chunk_grid']['configuration']['chunk_shape']",
            "dt = {'float32': 'f4', 'uint16': 'u2', 'int32': 'i4'}[m['data_type']]",
            "order, endian, gz = list(range(len(shape))), '<', False",
            "for c in m['codecs']:",
            "    if c['name'] == 'transpose': order = c['configuration']['order']",
            "    if c['name'] == 'bytes': endian = '<' if c['configuration']['endian'] == 'little' else '>'",
            "    if c['name'] == 'gzip': gz = True",
            "out = np.zeros(shape, dtype=endian + dt)",
            "grid = [range((s + c - 1) // c) for s, c in zip(shape, chunks)]",
            "for idx in itertools.product(*grid):",
            "    raw = open(root + '/c/' + '/'.join(map(str, idx)), 'rb').read()",
            "    if gz: raw = gzip.decompress(raw)",
            "    stored = np.frombuffer(raw, dtype=endian + dt).reshape([chunks[o] for o in order])",
            "    chunk = stored.transpose(np.argsort(order))",
            "    sl = tuple(slice(i * c, min((i + 1) * c, s)) for i, c, s in zip(idx, chunks, shape))",
            "    out[sl] = chunk[tuple(slice(0, x.stop - x.start) for x in sl)]",
            "print(json.dumps(out.ravel().astype(float).tolist()))");

    private static final String WRITE_V2 = String.join("\n",
            "import json, zlib, sys, os, numpy as np",
            "root = sys.argv[1]",
            "os.makedirs(root, exist_ok=True)",
            "a = (np.arange(15).reshape(3, 5) * 4099 % 65536).astype('>u2')",
            "json.dump({'zarr_format': 2, 'shape': [3, 5], 'chunks': [2, 5], 'dtype': '>u2',",
            "           'compressor': {'id': 'zlib', 'level': 5}, 'fill_value': 0, 'order': 'C', 'filters': None},",
            "          open(root + '/.zarray', 'w'))",
            "for i in range(2):",
            "    c = np.zeros((2, 5), dtype='>u2'); part = a[2 * i: 2 * i + 2]; c[:part.shape[0]] = part",
            "    open(root + '/%d.0' % i, 'wb').write(zlib.compress(c.tobytes()))",
            "print(json.dumps(a.ravel().astype(int).tolist()))");

    @TempDir
    Path tmp;

    private static boolean numpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private String python(String script, Path arg) throws Exception {
        Path file = tmp.resolve("script.py");
        Files.writeString(file, script);
        Process p = new ProcessBuilder("python3", file.toString(), arg.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static double[] parse(String json) {
        String body = json.substring(1, json.length() - 1).trim();
        if (body.isEmpty()) {
            return new double[0];
        }
        String[] parts = body.split(",");
        double[] d = new double[parts.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Double.parseDouble(parts[i].trim());
        }
        return d;
    }

    @Test
    void numpyReadsWhatThisWriterWrote() throws Exception {
        assumeTrue(numpy(), "python3 with numpy is not installed");
        ZarrArray f = ZarrArray.create(tmp.resolve("f"), ArraySpec.of(DataType.FLOAT32, new long[] {5, 3},
                new int[] {2, 2}).withCodecs(Codec.Bytes.BIG, new Codec.Gzip(4)).withFill(Float.NaN));
        float[] v = new float[15];
        for (int i = 0; i < 15; i++) {
            v[i] = i * 0.5f - 3;
        }
        f.writeFloat(new long[] {0, 0}, new int[] {5, 3}, v, Order.C);
        double[] np = parse(python(READ_V3, f.path()));
        for (int i = 0; i < 15; i++) {
            assertEquals(v[i], np[i], 0.0, "element " + i);
        }

        ZarrArray u = ZarrArray.create(tmp.resolve("u"), ArraySpec.of(DataType.UINT16, new long[] {6, 4, 2, 1},
                new int[] {6, 4, 1, 1}).withCodecs(Codec.Transpose.reversed(4), Codec.Bytes.LITTLE));
        for (int z = 0; z < 2; z++) {
            short[] plane = new short[24];
            for (int i = 0; i < 24; i++) {
                plane[i] = (short) (60000 + 100 * z + i); // x fastest
            }
            u.writeShort(new long[] {0, 0, z, 0}, new int[] {6, 4, 1, 1}, plane, Order.F);
        }
        double[] vol = parse(python(READ_V3, u.path())); // numpy C order over [x, y, z, t]
        for (int x = 0; x < 6; x++) {
            for (int y = 0; y < 4; y++) {
                for (int z = 0; z < 2; z++) {
                    assertEquals(60000 + 100 * z + x + 6 * y, vol[(x * 4 + y) * 2 + z], 0.0);
                }
            }
        }
    }

    @Test
    void thisReaderReadsWhatNumpyWrote() throws Exception {
        assumeTrue(numpy(), "python3 with numpy is not installed");
        Path dir = tmp.resolve("v2");
        double[] expected = parse(python(WRITE_V2, dir));
        short[] s = new short[15];
        ZarrArray.open(dir).readShort(new long[] {0, 0}, new int[] {3, 5}, s);
        double[] got = new double[15];
        for (int i = 0; i < 15; i++) {
            got[i] = Short.toUnsignedInt(s[i]);
        }
        assertArrayEquals(expected, got);
    }
}
