package org.zaploop.ingest.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>} headers against the gateway's token in constant time: both sides
 * are hashed with SHA-256 first, so neither the content nor the length of the token leaks through timing. The
 * token itself is never logged or returned. Without a token (loopback only) every request passes.
 */
final class TokenAuth {

    private static final String SCHEME = "bearer ";

    private final byte[] expectedDigest;

    TokenAuth(String token) {
        this.expectedDigest = token == null ? null : sha256(token);
    }

    boolean required() {
        return expectedDigest != null;
    }

    /** Whether an {@code Authorization} header value (may be null) carries the right bearer token. */
    boolean permits(String authorizationHeader) {
        if (expectedDigest == null) {
            return true;
        }
        String presented = "";
        if (authorizationHeader != null && authorizationHeader.length() > SCHEME.length()
                && authorizationHeader.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            presented = authorizationHeader.substring(SCHEME.length()).trim();
        }
        // Always compare, even for a missing header, so a missing and a wrong token take the same time.
        return MessageDigest.isEqual(expectedDigest, sha256(presented)) && !presented.isEmpty();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
