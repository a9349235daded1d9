package org.zaploop.controller.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.zaploop.controller.ControllerConfig;
import org.zaploop.controller.http.ControlFile;
import picocli.CommandLine.Option;

/**
 * Where a running controller's control endpoint is and its token, for the operator commands ({@code zaploop stop},
 * {@code zaploop policy}): from the session's owner-only control file, or {@code --url} and {@code --token}.
 */
public final class ControlOptions {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:" + ControllerConfig.DEFAULT_HTTP_PORT,
            description = "The controller's endpoint (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:ZAPLOOP_CONTROL_TOKEN}",
            description = "Bearer token (default: $ZAPLOOP_CONTROL_TOKEN).")
    String token;

    @Option(names = "--session", paramLabel = "ID",
            description = "Read the endpoint and token from this session's control file (under $zaploop.home/.zaploop/control).")
    String session;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to wait for the controller (default: ${DEFAULT-VALUE}).")
    int timeoutS;

    /** The client, or null after saying on {@code err} why there is none; {@code exit[0]} is then the exit code. */
    ControlClient client(PrintWriter err, int[] exit) {
        if (session != null) {
            try {
                ControlFile f = ControlFile.read(ControlFile.defaultDir(), session);
                if (f == null) {
                    err.println("No controller of session " + session + " has a control file under "
                            + ControlFile.defaultDir() + ": give --url and --token.");
                    exit[0] = 1;
                    return null;
                }
                url = f.url();
                token = token == null || token.isBlank() ? f.token() : token;
            } catch (java.io.IOException e) {
                err.println("Cannot read the control file of session " + session + ": " + e.getMessage());
                exit[0] = 1;
                return null;
            }
        }
        if (token == null || token.isBlank()) {
            err.println("No token: give --session, --token or set ZAPLOOP_CONTROL_TOKEN.");
            exit[0] = 2;
            return null;
        }
        return new ControlClient(url, token, Duration.ofSeconds(timeoutS));
    }

    String url() {
        return url;
    }
}
