package org.zaploop.processors.streams;

/**
 * How long the imaging and forecast processors keep a session that sends nothing before they free its state:
 * the system property {@value #PROPERTY} (ms), set by {@code zaploop run --retire-after}; their own default
 * (30 min) when it is not set.
 */
public final class SessionRetirement {

    public static final String PROPERTY = "zaploop.retireAfterMs";

    private SessionRetirement() {
    }

    /** The property's value, or {@code defaultMs}; a value that is not a positive number of ms is refused. */
    public static long afterMs(long defaultMs) {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            return defaultMs;
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms >= 1) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(PROPERTY + " must be a positive number of milliseconds, got '" + v + "'");
    }
}
