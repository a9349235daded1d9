package org.zaploop.launcher.chaos;

/**
 * One check of a chaos scenario: what was checked, whether it held, and the figures that say so (in words an
 * experimenter reads: "412 commands after the restart, the first 3.1 s after the broker was back").
 *
 * @param check  what must hold, e.g. "no command on stale data"
 * @param passed whether it held
 * @param detail the measured figures behind the verdict
 */
public record ChaosVerdict(String check, boolean passed, String detail) {

    public ChaosVerdict {
        if (check == null || check.isBlank()) {
            throw new IllegalArgumentException("a verdict needs the name of its check");
        }
        detail = detail == null ? "" : detail;
    }

    public static ChaosVerdict of(String check, boolean passed, String detail, Object... args) {
        return new ChaosVerdict(check, passed, String.format(java.util.Locale.ROOT, detail, args));
    }
}
