package org.zaploop.launcher.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.zaploop.controller.ControllerConfig;
import org.zaploop.controller.policy.Policies;
import org.zaploop.controller.safety.SafetyLimits;
import picocli.CommandLine.Option;

/**
 * The stimulus controller's options of {@code zaploop run controller}: policy and its parameters, safety-limit
 * overrides, command validity and the control endpoint's port. Checked as a whole before anything starts: an
 * unknown policy, parameter or limit, or a bad value, is a usage error naming it.
 */
public final class ControllerOptions {

    @Option(names = "--policy", paramLabel = "NAME",
            description = "controller: the policy, one of optomotor (default), playback, forecast-trigger, setpoint, "
                    + "search (= adaptive-search).")
    String policy;

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "controller: a policy parameter (repeatable), e.g. --param gains=0.5,1.5 --param blockS=20.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--limit", paramLabel = "KEY=VALUE",
            description = "controller: a safety limit override (repeatable), e.g. --limit maxIntensity=0.8 "
                    + "--limit refractoryMs=2000.")
    Map<String, String> limits = new LinkedHashMap<>();

    @Option(names = "--validity-ms", paramLabel = "MS",
            description = "controller: a command's validity window (default: automatic, 2 × the policy's input "
                    + "period, at least 200 ms).")
    Long validityMs;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "0",
            description = "controller: port of the control endpoint (stop, stimulate) on loopback; 0 = any free port "
                    + "(default: ${DEFAULT-VALUE}). Its URL and token go to the session's control file.")
    int controlPort;

    /** Whether any controller option was given (they are an error for other components). */
    boolean given() {
        return policy != null || !params.isEmpty() || !limits.isEmpty() || validityMs != null || controlPort != 0;
    }

    /**
     * The controller's configuration with these options applied to {@code base}, after checking that the policy
     * exists and takes these parameters, and that the limits are valid.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    ControllerConfig apply(ControllerConfig base) {
        String name = policy == null ? base.policy() : policy;
        Policies.create(name, params); // an unknown policy or parameter, or a bad value, fails here
        SafetyLimits l = base.limits().with(limits);
        ControllerConfig c = base.withPolicy(Policies.ALIASES.getOrDefault(name, name), params).withLimits(l)
                .withHttp(controlPort, base.httpToken());
        return validityMs == null ? c : c.withValidityMs(validityMs);
    }
}
