package org.zaploop.controller.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zaploop.controller.JsonText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop policy}: changes a running controller's policy ({@code POST /control/policy} with the token of the
 * session's control file). The rig goes to its safe state, then the new policy decides through the same safety
 * envelope; the controller audits the change on {@code zl.audit}.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Change a running stimulus controller's policy: the rig goes to its safe state, then the new "
                + "policy's proposals pass the same safety envelope. Audited on zl.audit.",
                "A policy that needs inputs the controller does not read is refused (start a controller with it).",
                "Example: zaploop policy --session demo-20261122-2200 --set setpoint --param target=1.2"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:applied", "1:controller unreachable, refused (409) or failed", "2:usage error "
                + "(also an unknown policy or param, 400)", "3:the token was refused (401)"})
public final class PolicyCommand implements Callable<Integer> {

    @Mixin
    ControlOptions control;

    @Option(names = "--set", paramLabel = "NAME", required = true,
            description = "The policy: optomotor, playback, forecast-trigger, setpoint, adaptive-search (search), mpc.")
    String policy;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A parameter of the policy (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--reason", paramLabel = "TEXT", description = "Who and why (goes into the audit trail).")
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy", policy);
        body.put("params", new LinkedHashMap<String, Object>(params));
        if (reason != null) {
            body.put("operator", reason);
        }
        try {
            ControlClient.Answer r = client.post("/control/policy", JsonText.of(body));
            switch (r.status()) {
                case 200 -> {
                    out.println("Policy changed to " + policy + (params.isEmpty() ? "" : " " + params)
                            + ": the rig is safe until its first command passes the envelope.");
                    out.flush();
                    return 0;
                }
                case 401 -> {
                    err.println("The controller refused the token (401).");
                    return 3;
                }
                case 400 -> {
                    err.println("The controller refused the request (400): " + r.body().trim());
                    return 2;
                }
                default -> {
                    err.println("The controller answered " + r.status() + ": " + r.body().trim());
                    return 1;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("Bad --url: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            err.println("Cannot reach the controller at " + control.url() + "/control/policy: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
