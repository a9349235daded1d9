package org.zaploop.protocol.archive.zarr;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.zaploop.protocol.archive.ArchiveFormatException;
import org.zaploop.protocol.fuzz.FuzzFinding;
import org.zaploop.protocol.fuzz.Verdict;

/**
 * The archive reader against corrupted files, made from small zarr v3 and v2 arrays that cover every codec the
 * reader supports. Each mutant corrupts one file of a valid array — its metadata (bit flips, truncation, numbers
 * replaced by edge values such as huge or negative extents) or one chunk (bit flips, truncation, extension,
 * random bytes, deletion) — then the whole array is opened and read (at most 64 chunks).
 *
 * <p>The contract, as for the record decoders: the only exception is {@link ArchiveFormatException}, its message
 * starts with the file it is about; and a chunk whose byte length no longer fits its codec pipeline (a truncated or
 * extended uncompressed chunk, a truncated gzip or zstd stream) is always rejected, never read as a wrong array.
 * Writes only below its work directory. Deterministic for a given {@link Random}.
 */
public final class ZarrFuzz {

    /** Arrays whose (mutated) chunks would exceed this are opened but not read: the fuzzer's memory, not the reader's. */
    static final long MAX_CHUNK_BYTES = 1 << 20;
    static final String[] EDGE_NUMBERS = {"0", "-1", "1", "2", "65536", "2147483647", "2147483648",
        "9223372036854775807", "1e308", "-0", "3.5", "99999999999999999999", "null", "\"7\"", "[]"};

    /** A valid array, and whether its chunks are stored uncompressed or as a stream with its own framing. */
    record Seed(String name, Path dir, boolean compressed) {
    }

    private final List<Seed> seeds;
    private final Path work;
    private final Random random;
    private long lengthBreaks;

    /** Writes the valid seed arrays below {@code dir} (checking each reads back) and mutates copies in it. */
    public ZarrFuzz(Path dir, Random random) throws IOException {
        this.seeds = seeds(dir.resolve("seeds"));
        this.work = dir.resolve("mutant");
        this.random = random;
    }

    /** Rejections so far of a chunk whose length no longer fits its codecs (each one required). */
    public long lengthBreaks() {
        return lengthBreaks;
    }

    /**
     * Corrupts one file of a fresh copy of a seed array and reads the whole array.
     *
     * @throws FuzzFinding when the reader broke its contract; the message says which file and how it was corrupted
     * @throws IOException when the fuzzer could not copy or corrupt its own files
     */
    public Verdict next() throws IOException {
        Seed seed = seeds.get(random.nextInt(seeds.size()));
        deleteTree(work);
        copyTree(seed.dir(), work);
        List<Path> files = files(work);
        Path victim = files.get(random.nextInt(files.size()));
        boolean metadata = isMetadata(victim);
        String how = metadata ? mutateMetadata(victim, random) : mutateChunk(victim, random);
        boolean lengthBroken = !metadata && (how.startsWith("truncate") || how.startsWith("extend"));
        String where = seed.name() + ": " + work.relativize(victim) + " " + how;
        try {
            readEverything(work);
        } catch (ArchiveFormatException e) {
            if (!e.getMessage().startsWith(work.toString())) {
                throw new FuzzFinding(where + ": message does not name a file of the array: " + e.getMessage());
            }
            lengthBreaks += lengthBroken ? 1 : 0;
            return Verdict.REJECTED;
        } catch (Throwable t) {
            throw new FuzzFinding(where + ": threw " + t, t);
        }
        if (lengthBroken && (!seed.compressed() || how.startsWith("truncate"))) {
            throw new FuzzFinding(where + ": a chunk of the wrong length was read as an array");
        }
        return Verdict.ACCEPTED;
    }

    /** Opens the array and decodes every chunk of its grid (at most 64), as a reader of the archive would. */
    private static void readEverything(Path dir) throws IOException {
        ZarrArray a = ZarrArray.open(dir);
        ArraySpec spec = a.spec();
        if (spec.chunkBytes() > MAX_CHUNK_BYTES) {
            return;
        }
        long[] grid = spec.chunkGridShape();
        long chunks = 1;
        for (int d = 0; d < grid.length; d++) {
            // Huge extents are legal (sparse arrays); only the first 64 chunks are read. Empty: none.
            chunks = grid[d] == 0 ? 0 : Math.min(64, chunks * Math.min(grid[d], 64));
        }
        byte[] dest = new byte[(int) spec.chunkBytes()];
        long[] index = new long[grid.length];
        for (long c = 0; c < Math.min(chunks, 64); c++) {
            long rest = c;
            for (int d = grid.length - 1; d >= 0; d--) {
                long g = Math.min(grid[d], 64);
                index[d] = rest % g;
                rest /= g;
            }
            a.readChunk(index, dest, Order.C);
        }
    }

    // ------------------------------------------------------------------------------------------ seeds

    private static List<Seed> seeds(Path root) throws IOException {
        List<Seed> seeds = new ArrayList<>();
        float[] f = new float[5 * 3];
        short[] s = new short[5 * 3];
        int[] n = new int[5 * 3];
        for (int i = 0; i < f.length; i++) {
            f[i] = HandMade.value(i);
            s[i] = (short) (1000 + 37 * i);
            n[i] = -7 * i;
        }
        long[] origin = {0, 0};
        int[] region = {5, 3};
        long[] shape = {5, 3};
        int[] chunk = {2, 2};
        ZarrArray.create(root.resolve("v3-f32-le"), ArraySpec.of(DataType.FLOAT32, shape, chunk)
                .withCodecs(Codec.Bytes.LITTLE)).writeFloat(origin, region, f, Order.C);
        seeds.add(new Seed("v3 float32 little-endian", root.resolve("v3-f32-le"), false));
        ZarrArray.create(root.resolve("v3-u16-be-gzip"), ArraySpec.of(DataType.UINT16, shape, chunk)
                .withCodecs(Codec.Bytes.BIG, new Codec.Gzip(5))).writeShort(origin, region, s, Order.C);
        seeds.add(new Seed("v3 uint16 big-endian gzip", root.resolve("v3-u16-be-gzip"), true));
        ZarrArray.create(root.resolve("v3-i32-zstd-t"), ArraySpec.of(DataType.INT32, shape, chunk)
                .withCodecs(Codec.Transpose.reversed(2), Codec.Bytes.LITTLE, new Codec.Zstd(3, true)))
                .writeInt(origin, region, n, Order.C);
        seeds.add(new Seed("v3 int32 transposed zstd", root.resolve("v3-i32-zstd-t"), true));
        Path v2 = root.resolve("v2-f4-gzip");
        HandMade.text(v2.resolve(".zarray"), HandMade.v2("[5, 3]", "[2, 2]", "<f4", "{\"id\": \"gzip\", \"level\": 1}",
                "0.0", "C", null));
        for (int cx = 0; cx < 3; cx++) {
            for (int cy = 0; cy < 2; cy++) {
                float[] c = new float[4];
                for (int k = 0; k < 4; k++) {
                    int x = cx * 2 + k / 2;
                    int y = cy * 2 + k % 2;
                    c[k] = x < 5 && y < 3 ? f[x * 3 + y] : 0f;
                }
                HandMade.bytes(v2.resolve(cx + "." + cy), HandMade.gzip(HandMade.floats(ByteOrder.LITTLE_ENDIAN, c)));
            }
        }
        seeds.add(new Seed("v2 <f4 gzip", v2, true));
        for (Seed seed : seeds) {
            readEverything(seed.dir()); // every seed is valid before it is corrupted
        }
        return seeds;
    }

    // ------------------------------------------------------------------------------------------ mutations

    private static boolean isMetadata(Path file) {
        String name = file.getFileName().toString();
        return name.equals("zarr.json") || name.equals(".zarray") || name.equals(".zattrs");
    }

    /** Flips 1 to {@code most} random bits of {@code b} and writes it to {@code file}. */
    private static String flipBits(Path file, byte[] b, int most, Random random) throws IOException {
        int flips = 1 + random.nextInt(most);
        for (int k = 0; k < flips; k++) {
            int bit = random.nextInt(b.length * 8);
            b[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        Files.write(file, b);
        return flips + " bit flips";
    }

    private static String mutateMetadata(Path file, Random random) throws IOException {
        byte[] b = Files.readAllBytes(file);
        switch (random.nextInt(4)) {
            case 0 -> {
                return flipBits(file, b, 4, random);
            }
            case 1 -> {
                int length = random.nextInt(b.length);
                Files.write(file, Arrays.copyOf(b, length));
                return "truncate to " + length;
            }
            default -> {
                // Replace one number of the JSON (an extent, a chunk size, a level, a fill value) by an edge value.
                String text = new String(b, StandardCharsets.UTF_8);
                List<int[]> numbers = new ArrayList<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?").matcher(text);
                while (m.find()) {
                    numbers.add(new int[] {m.start(), m.end()});
                }
                if (numbers.isEmpty()) {
                    return "unchanged";
                }
                int[] at = numbers.get(random.nextInt(numbers.size()));
                String edge = EDGE_NUMBERS[random.nextInt(EDGE_NUMBERS.length)];
                Files.writeString(file, text.substring(0, at[0]) + edge + text.substring(at[1]));
                return "number '" + text.substring(at[0], at[1]) + "' at " + at[0] + " → " + edge;
            }
        }
    }

    private static String mutateChunk(Path file, Random random) throws IOException {
        byte[] b = Files.readAllBytes(file);
        switch (random.nextInt(5)) {
            case 0 -> {
                return flipBits(file, b, 8, random);
            }
            case 1 -> {
                int length = random.nextInt(b.length);
                Files.write(file, Arrays.copyOf(b, length));
                return "truncate to " + length + " of " + b.length;
            }
            case 2 -> {
                byte[] longer = Arrays.copyOf(b, b.length + 1 + random.nextInt(64));
                for (int k = b.length; k < longer.length; k++) {
                    longer[k] = (byte) random.nextInt(256);
                }
                Files.write(file, longer);
                return "extend by " + (longer.length - b.length);
            }
            case 3 -> {
                byte[] noise = new byte[random.nextInt(256)];
                random.nextBytes(noise);
                Files.write(file, noise);
                return noise.length + " random bytes";
            }
            default -> {
                Files.delete(file); // a missing chunk reads as the fill value, by the zarr specification
                return "deleted";
            }
        }
    }

    // ------------------------------------------------------------------------------------------ files

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
