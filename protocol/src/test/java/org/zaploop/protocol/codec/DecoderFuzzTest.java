package org.zaploop.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.zaploop.protocol.Samples;
import org.zaploop.protocol.Samples.Sample;

/**
 * Feeds every decoder {@value #DEFAULT_MUTANTS} corrupted records (override with {@code -Dzl.fuzz.mutants},
 * reseed with {@code -Dzl.fuzz.seed}) and checks the decoder contract:
 * <ul>
 *   <li>the only exception that ever comes out is {@link MalformedRecordException};</li>
 *   <li>a mutant that decodes is a valid record: it re-encodes, and the re-encoding decodes to an equal
 *       record (no silently wrong arrays).</li>
 * </ul>
 * Sizes are bounded by the mutations themselves, so nothing can hang; a failure names the seed, the
 * iteration and the mutation so it replays exactly.
 */
class DecoderFuzzTest {

    static final int DEFAULT_MUTANTS = 100_000;
    static final long SEED = Long.getLong("zl.fuzz.seed", 20_251_122L);
    static final int MUTANTS = Integer.getInteger("zl.fuzz.mutants", DEFAULT_MUTANTS);

    static Stream<Arguments> decoders() {
        Map<String, List<Sample<?>>> byFormat = new LinkedHashMap<>();
        for (Sample<?> s : Samples.all()) {
            byFormat.computeIfAbsent(s.codec().format(), k -> new ArrayList<>()).add(s);
        }
        return byFormat.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoders")
    void onlyMalformedRecordExceptionEverComesOut(String format, List<Sample<?>> seeds) {
        long seed = SEED ^ format.hashCode();
        System.out.printf("DecoderFuzzTest %s: seed %d (-Dzl.fuzz.seed=%d), %d mutants%n", format, seed, SEED,
                MUTANTS);
        Random random = new Random(seed);
        Mutator mutator = new Mutator(random);
        boolean binary = seeds.get(0).binary();
        List<byte[]> valid = seeds.stream().map(Sample::encode).toList();
        int accepted = 0;
        for (int i = 0; i < MUTANTS; i++) {
            byte[] original = valid.get(random.nextInt(valid.size()));
            Mutator.Mutant m = binary ? mutator.binary(original) : mutator.json(original);
            if (check(seeds.get(0).codec(), m, format, seed, i)) {
                accepted++;
            }
        }
        System.out.printf("DecoderFuzzTest %s: %d rejected, %d decoded (and re-encoded) of %d%n", format,
                MUTANTS - accepted, accepted, MUTANTS);
        assertTrue(accepted < MUTANTS, "the mutations must actually corrupt something");
    }

    /** True when the mutant decoded (and survived the re-encoding check), false when it was rejected. */
    private static <T> boolean check(Codec<T> codec, Mutator.Mutant m, String format, long seed, int iteration) {
        T decoded;
        try {
            decoded = codec.decode(m.bytes());
        } catch (MalformedRecordException expected) {
            if (expected.getMessage() == null || !expected.getMessage().startsWith(format + ": ")) {
                fail(where(format, seed, iteration, m) + ": message does not name the format: "
                        + expected.getMessage());
            }
            return false;
        } catch (Throwable t) {
            throw new AssertionError(where(format, seed, iteration, m) + ": threw " + t, t);
        }
        try {
            byte[] again = codec.encode(decoded);
            T twice = codec.decode(again);
            if (!decoded.equals(twice)) {
                fail(where(format, seed, iteration, m) + ": decoded " + decoded + " but its re-encoding decodes to "
                        + twice);
            }
        } catch (Throwable t) {
            throw new AssertionError(where(format, seed, iteration, m) + ": a decoded mutant did not re-encode: "
                    + t, t);
        }
        return true;
    }

    private static String where(String format, long seed, int iteration, Mutator.Mutant m) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(m.bytes().length, 256); i++) {
            hex.append(String.format("%02x", m.bytes()[i]));
        }
        return format + " seed " + seed + " iteration " + iteration + " mutation [" + m.how() + "] input "
                + m.bytes().length + " bytes " + hex + (m.bytes().length > 256 ? "..." : "");
    }
}
