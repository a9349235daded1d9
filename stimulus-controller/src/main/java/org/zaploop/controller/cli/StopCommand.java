package org.zaploop.controller.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    ControlOptions control;

    @Option(names = "--clear", description = "Clear the stop instead: control resumes.")
    boolean clear;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (goes into the audit trail).")
    String reason;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int[] exit = new int[1];
        ControlClient client = control.client(err, exit);
        if (client == null) {
            return exit[0];
        }
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
            err.println("Cannot reach the controller at " + control.url() + path + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
