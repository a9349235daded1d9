package org.zaploop.sim.io;

import java.io.IOException;

/** A network file that cannot be read: names the file, the line (1-based, 0 if unknown) and the problem. */
public final class NetworkFormatException extends IOException {

    private final String file;
    private final int line;
    private final String problem;

    public NetworkFormatException(String file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
