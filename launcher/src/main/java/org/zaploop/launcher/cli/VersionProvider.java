package org.zaploop.launcher.cli;

import picocli.CommandLine;

/** Reports the build's version from the jar manifest (or "development build" when run from classes). */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"zaploop " + (v == null ? "development build" : v)};
    }
}
