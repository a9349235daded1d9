package org.zaploop.protocol;

import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.Limits;

/**
 * Record keys of the ZapLoop topics (UTF-8 strings; WIRE-FORMAT.md, "Keys"). Keys decide partitions, so
 * their text must be exactly as built here:
 * <ul>
 *   <li>{@code session} — ephys, rig events, behaviour, scores, commands, audit;</li>
 *   <li>{@code session/z} — planes, z in decimal without leading zeros ({@code fish-01/17});</li>
 *   <li>{@code session/block} — segmentation, traces, forecasts, block zero-padded to four digits
 *       ({@code fish-01/0003});</li>
 *   <li>{@code session/region} — simulator activity;</li>
 *   <li>the source topic name — dead letters.</li>
 * </ul>
 * Builders throw {@link IllegalArgumentException} for bad parts; parsers throw {@link MalformedRecordException}.
 */
public final class Keys {

    private Keys() {
    }

    public static String sessionKey(String session) {
        return Names.requireSession(session);
    }

    public static String planeKey(String session, int z) {
        Names.requireSession(session);
        if (z < 0 || z >= Limits.MAX_PLANES_PER_VOLUME) {
            throw new IllegalArgumentException("z must be in [0, " + Limits.MAX_PLANES_PER_VOLUME + "), got " + z);
        }
        return session + "/" + z;
    }

    public static String blockKey(String session, int block) {
        Names.requireSession(session);
        if (block < 0 || block > Limits.MAX_BLOCK) {
            throw new IllegalArgumentException("block must be in [0, " + Limits.MAX_BLOCK + "], got " + block);
        }
        return session + "/" + String.format("%04d", block);
    }

    public static String regionKey(String session, String region) {
        return Names.requireSession(session) + "/" + Names.require("region", region);
    }

    /** The session of any ZapLoop key except a dead letter's: the part before the first {@code '/'}. */
    public static String sessionOf(String key) {
        if (key == null) {
            throw new MalformedRecordException("key: null");
        }
        int slash = key.indexOf('/');
        String session = slash < 0 ? key : key.substring(0, slash);
        if (!Names.isValid(session)) {
            throw new MalformedRecordException("key " + Names.show(key) + ": session must match " + Names.PATTERN);
        }
        return session;
    }

    /** The z of a plane key {@code session/z}. */
    public static int planeZOf(String key) {
        String rest = after(key, "plane");
        if (!rest.matches("0|[1-9][0-9]{0,3}") || Integer.parseInt(rest) >= Limits.MAX_PLANES_PER_VOLUME) {
            throw new MalformedRecordException("plane key " + Names.show(key) + ": z must be a decimal in [0, "
                    + Limits.MAX_PLANES_PER_VOLUME + ") without leading zeros");
        }
        return Integer.parseInt(rest);
    }

    /** The block of a block key {@code session/0003}. */
    public static int blockOf(String key) {
        String rest = after(key, "block");
        if (!rest.matches("[0-9]{4}")) {
            throw new MalformedRecordException("block key " + Names.show(key) + ": block must be four digits");
        }
        return Integer.parseInt(rest);
    }

    /** The region of a region key {@code session/region}. */
    public static String regionOf(String key) {
        String rest = after(key, "region");
        if (!Names.isValid(rest)) {
            throw new MalformedRecordException("region key " + Names.show(key) + ": region must match "
                    + Names.PATTERN);
        }
        return rest;
    }

    private static String after(String key, String kind) {
        sessionOf(key);
        int slash = key.indexOf('/');
        if (slash < 0) {
            throw new MalformedRecordException(kind + " key " + Names.show(key) + ": expected session/" + kind);
        }
        return key.substring(slash + 1);
    }
}
