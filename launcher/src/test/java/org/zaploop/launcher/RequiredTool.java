package org.zaploop.launcher;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test needs (Prometheus, Chromium): CI installs it (.ci/run), so there a missing one fails the test
 * loudly; elsewhere the test is skipped with the reason and the package to install.
 */
final class RequiredTool {

    private RequiredTool() {
    }

    static void require(Path binary, String what, String debianPackage) {
        if (Files.isExecutable(binary)) {
            return;
        }
        String msg = binary + " is missing: " + what + ". .ci/run must install it (Debian package '" + debianPackage
                + "'); locally: apt-get install " + debianPackage;
        if (System.getenv("CI") != null) {
            fail(msg);
        }
        Assumptions.assumeTrue(false, msg);
    }
}
