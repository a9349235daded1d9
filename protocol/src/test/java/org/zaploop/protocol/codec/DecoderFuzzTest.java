package org.zaploop.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.zaploop.protocol.fuzz.DecoderFuzz;
import org.zaploop.protocol.fuzz.FuzzFinding;
import org.zaploop.protocol.fuzz.Verdict;

/**
 * Feeds every decoder {@value #DEFAULT_MUTANTS} corrupted records (override with {@code -Dzl.fuzz.mutants},
 * reseed with {@code -Dzl.fuzz.seed}) and checks the decoder contract of {@link DecoderFuzz}: only
 * {@link MalformedRecordException} naming the format comes out, and a mutant that decodes survives a round trip.
 * A failure names the seed, the iteration and the mutation so it replays exactly.
 */
class DecoderFuzzTest {

    static final int DEFAULT_MUTANTS = 100_000;
    static final long SEED = Long.getLong("zl.fuzz.seed", 20_251_122L);
    static final int MUTANTS = Integer.getInteger("zl.fuzz.mutants", DEFAULT_MUTANTS);

    static Stream<Arguments> decoders() {
        return DecoderFuzz.everyFormat(SEED).stream().map(f -> Arguments.of(f.format(), f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoders")
    void onlyMalformedRecordExceptionEverComesOut(String format, DecoderFuzz fuzz) {
        System.out.printf("DecoderFuzzTest %s: seed %d (-Dzl.fuzz.seed), %d mutants%n", format, SEED, MUTANTS);
        int accepted = 0;
        for (int i = 0; i < MUTANTS; i++) {
            try {
                if (fuzz.check(fuzz.next()) == Verdict.ACCEPTED) {
                    accepted++;
                }
            } catch (FuzzFinding f) {
                throw new AssertionError("seed " + SEED + " iteration " + i + ": " + f.getMessage(), f);
            }
        }
        System.out.printf("DecoderFuzzTest %s: %d rejected, %d decoded (and re-encoded) of %d%n", format,
                MUTANTS - accepted, accepted, MUTANTS);
        assertTrue(accepted < MUTANTS, "the mutations must actually corrupt something");
    }
}
