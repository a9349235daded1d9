package org.zaploop.protocol.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.zaploop.protocol.Samples;
import org.zaploop.protocol.Samples.Sample;
import org.zaploop.protocol.codec.Codec;
import org.zaploop.protocol.codec.MalformedRecordException;

/**
 * One record format's decoder against corrupted records made from the {@link Samples} of that format, and the
 * decoder contract every mutant is checked against:
 * <ul>
 *   <li>the only exception that ever comes out is {@link MalformedRecordException}, its message starting with the
 *       format's name;</li>
 *   <li>a mutant that decodes is a valid record: it re-encodes, and the re-encoding decodes to an equal record
 *       (no silently wrong arrays).</li>
 * </ul>
 * Sizes are bounded by the mutations themselves. Deterministic for a given {@link Random}.
 */
public final class DecoderFuzz {

    private final String format;
    private final Codec<Object> codec;
    private final List<byte[]> seeds;
    private final boolean binary;
    private final Random random;
    private final Mutator mutator;

    @SuppressWarnings("unchecked")
    private DecoderFuzz(String format, List<Sample<?>> samples, Random random) {
        this.format = format;
        this.codec = (Codec<Object>) samples.get(0).codec();
        this.seeds = samples.stream().map(Sample::encode).toList();
        this.binary = samples.get(0).binary();
        this.random = random;
        this.mutator = new Mutator(random);
    }

    /** One fuzzer per record format, in catalogue order, each with its own generator seeded from {@code seed}. */
    public static List<DecoderFuzz> everyFormat(long seed) {
        Map<String, List<Sample<?>>> byFormat = new LinkedHashMap<>();
        for (Sample<?> s : Samples.all()) {
            byFormat.computeIfAbsent(s.codec().format(), k -> new ArrayList<>()).add(s);
        }
        List<DecoderFuzz> out = new ArrayList<>();
        byFormat.forEach((format, samples) -> out.add(new DecoderFuzz(format, samples, new Random(seed ^ format.hashCode()))));
        return out;
    }

    public String format() {
        return format;
    }

    /** The next corrupted record. */
    public Mutator.Mutant next() {
        byte[] original = seeds.get(random.nextInt(seeds.size()));
        return binary ? mutator.binary(original) : mutator.json(original);
    }

    /**
     * Decodes one mutant and checks the contract.
     *
     * @throws FuzzFinding when the decoder broke it; the message holds the mutation and the input's bytes
     */
    public Verdict check(Mutator.Mutant m) {
        Object decoded;
        try {
            decoded = codec.decode(m.bytes());
        } catch (MalformedRecordException expected) {
            if (expected.getMessage() == null || !expected.getMessage().startsWith(format + ": ")) {
                throw new FuzzFinding(where(m) + ": message does not name the format: " + expected.getMessage());
            }
            return Verdict.REJECTED;
        } catch (Throwable t) {
            throw new FuzzFinding(where(m) + ": threw " + t, t);
        }
        Object twice;
        try {
            twice = codec.decode(codec.encode(decoded));
        } catch (Throwable t) {
            throw new FuzzFinding(where(m) + ": a decoded mutant did not re-encode: " + t, t);
        }
        if (!decoded.equals(twice)) {
            throw new FuzzFinding(where(m) + ": decoded " + decoded + " but its re-encoding decodes to " + twice);
        }
        return Verdict.ACCEPTED;
    }

    private String where(Mutator.Mutant m) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(m.bytes().length, 256); i++) {
            hex.append(String.format("%02x", m.bytes()[i]));
        }
        return format + " mutation [" + m.how() + "] input " + m.bytes().length + " bytes " + hex
                + (m.bytes().length > 256 ? "..." : "");
    }
}
