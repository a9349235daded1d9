package org.zaploop.protocol.archive.zarr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.protocol.archive.ArchiveFormatException;
import org.zaploop.protocol.fuzz.FuzzFinding;
import org.zaploop.protocol.fuzz.Verdict;

/**
 * The archive reader against {@value #DEFAULT_MUTANTS} corrupted arrays by default (override with
 * {@code -Dzl.fuzz.archive.mutants}, reseed with {@code -Dzl.fuzz.seed}) made by {@link ZarrFuzz}: the only
 * exception is {@link ArchiveFormatException} naming its file, nothing hangs, and a chunk of the wrong length is
 * always rejected.
 */
class ZarrReaderFuzzTest {

    static final int DEFAULT_MUTANTS = 20_000;
    static final long SEED = Long.getLong("zl.fuzz.seed", 20_261_122L);
    static final int MUTANTS = Integer.getInteger("zl.fuzz.archive.mutants", DEFAULT_MUTANTS);

    @TempDir
    Path tmp;

    @Test
    void onlyArchiveFormatExceptionEverComesOut() throws Exception {
        ZarrFuzz fuzz = new ZarrFuzz(tmp, new Random(SEED));
        System.out.printf("ZarrReaderFuzzTest: seed %d (-Dzl.fuzz.seed), %d mutants%n", SEED, MUTANTS);
        int rejected = 0;
        for (int i = 0; i < MUTANTS; i++) {
            try {
                rejected += fuzz.next() == Verdict.REJECTED ? 1 : 0;
            } catch (FuzzFinding f) {
                throw new AssertionError("iteration " + i + " (seed " + SEED + "): " + f.getMessage(), f);
            }
        }
        System.out.printf("ZarrReaderFuzzTest: %d rejected (%d for a chunk of the wrong length), %d read of %d%n",
                rejected, fuzz.lengthBreaks(), MUTANTS - rejected, MUTANTS);
        assertTrue(rejected > 0 && rejected < MUTANTS, "mutations must corrupt some arrays and leave others readable");
        assertTrue(fuzz.lengthBreaks() > 0, "some chunks must have been cut or extended");
    }
}
