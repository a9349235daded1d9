package org.zaploop.controller.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.zaploop.controller.ControllerConfig;
import org.zaploop.controller.http.ControlFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop stop}: the operator's stop button. Asks a running controller, over its loopback HTTP endpoint, to
 * latch the manual stop (a SAFE_STATE command at once, then nothing until cleared), or with {@code --clear} to clear
 * it. The controller audits both on {@code zl.audit}.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop a running stimulus controller: the rig goes to its safe state and stays there until "
                + "'zaploop stop --clear'.",
                "With --session, the endpoint and token come from the session's owner-only control file, which the "
                        + "controller writes at start; else give --url and --token (or $ZAPLOOP_CONTROL_TOKEN).",
                "Example: zaploop stop --session demo-20261122-2200 --reason 'fish moved'"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (or already in that state)", "1:controller unreachable or failed", "2:usage error",
                "3:the token was refused (401)"})
public final class StopCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:" + ControllerConfig.DEFAULT_HTTP_PORT,
            description = "The controller's endpoint (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:ZAPLOOP_CONTROL_TOKEN}",
            description = "Bearer token (default: $ZAPLOOP_CONTROL_TOKEN).")
    String token;

    @Option(names = "--session", paramLabel = "ID",
            description = "Read the endpoint and token from this session's control file (under $zaploop.home/.zaploop/control).")
    String session;

    @Option(names = "--clear", description = "Clear the stop instead: control resumes.")
    boolean clear;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (goes into the audit trail).")
    String reason;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to wait for the controller (default: ${DEFAULT-VALUE}).")
    int timeoutS;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (session != null) {
            try {
                ControlFile f = ControlFile.read(ControlFile.defaultDir(), session);
                if (f == null) {
                    err.println("No controller of session " + session + " has a control file under "
                            + ControlFile.defaultDir() + ": give --url and --token.");
                    return 1;
                }
                url = f.url();
                token = token == null || token.isBlank() ? f.token() : token;
            } catch (java.io.IOException e) {
                err.println("Cannot read the control file of session " + session + ": " + e.getMessage());
                return 1;
            }
        }
        if (token == null || token.isBlank()) {
            err.println("No token: give --session, --token or set ZAPLOOP_CONTROL_TOKEN.");
            return 2;
        }
        ControlClient client = new ControlClient(url, token, Duration.ofSeconds(timeoutS));
        String path = clear ? "/control/clear" : "/control/stop";
        try {
            ControlClient.Answer r = client.post(path, reason == null ? "" : reason);
            if (r.status() == 401) {
                err.println("The controller refused the token (401).");
                return 3;
            }
            if (r.status() != 200) {
                err.println("The controller answered " + r.status() + ": " + r.body().trim());
                return 1;
            }
            boolean changed = r.body().contains("\"changed\":true");
            out.println(clear ? (changed ? "Stop cleared: control resumes with the next input."
                    : "The controller was not stopped.")
                    : (changed ? "Stopped: the rig is in its safe state until 'zaploop stop --clear'."
                    : "The controller was already stopped."));
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("Bad --url: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            err.println("Cannot reach the controller at " + url + path + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
