package org.zaploop.controller;

import java.util.Map;
import org.zaploop.controller.policy.Policies;
import org.zaploop.controller.safety.SafetyLimits;
import org.zaploop.protocol.Names;

/**
 * How to run the stimulus controller for one session.
 *
 * @param bootstrap    Kafka bootstrap servers
 * @param session      the session to control
 * @param policy       policy name ({@link Policies#NAMES}; null = {@code optomotor})
 * @param policyParams the policy's params as {@code name=value} text (null = none, all defaults)
 * @param limits       the safety envelope (null = {@link SafetyLimits#defaults()})
 * @param validityMs   a command's validity window, ms; 0 = twice the policy's input period, at least 200 ms
 * @param httpHost     address of the stop endpoint (null = {@code 127.0.0.1}; it is always on)
 * @param httpPort     its port (0 = any free port)
 * @param httpToken    its bearer token; null = generate one and print it once at start
 * @param tickMs       how often the guards are checked and open-loop policies decide, ms
 */
public record ControllerConfig(String bootstrap, String session, String policy, Map<String, String> policyParams,
                               SafetyLimits limits, long validityMs, String httpHost, int httpPort, String httpToken,
                               long tickMs) {

    /** The stop endpoint's default port. */
    public static final int DEFAULT_HTTP_PORT = 9470;

    public ControllerConfig {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("bootstrap is required");
        }
        Names.requireSession(session);
        policy = policy == null ? Policies.DEFAULT : policy;
        policyParams = policyParams == null ? Map.of() : Map.copyOf(policyParams);
        limits = limits == null ? SafetyLimits.defaults() : limits;
        if (validityMs < 0 || validityMs > 3_600_000) {
            throw new IllegalArgumentException("validityMs must be in [0, 3600000], got " + validityMs);
        }
        httpHost = httpHost == null ? "127.0.0.1" : httpHost;
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort must be in [0, 65535], got " + httpPort);
        }
        if (httpToken != null && httpToken.length() < 16) {
            throw new IllegalArgumentException("httpToken must be at least 16 characters");
        }
        if (tickMs < 1 || tickMs > 1000) {
            throw new IllegalArgumentException("tickMs must be in [1, 1000], got " + tickMs);
        }
    }

    /** The demo's configuration: optomotor policy, default limits, stop endpoint on loopback port 9470. */
    public static ControllerConfig defaults(String bootstrap, String session) {
        return new ControllerConfig(bootstrap, session, Policies.DEFAULT, Map.of(), SafetyLimits.defaults(), 0,
                "127.0.0.1", DEFAULT_HTTP_PORT, null, 20);
    }

    public ControllerConfig withPolicy(String name, Map<String, String> params) {
        return new ControllerConfig(bootstrap, session, name, params, limits, validityMs, httpHost, httpPort, httpToken,
                tickMs);
    }

    public ControllerConfig withLimits(SafetyLimits l) {
        return new ControllerConfig(bootstrap, session, policy, policyParams, l, validityMs, httpHost, httpPort,
                httpToken, tickMs);
    }

    public ControllerConfig withHttp(int port, String token) {
        return new ControllerConfig(bootstrap, session, policy, policyParams, limits, validityMs, httpHost, port, token,
                tickMs);
    }

    public ControllerConfig withValidityMs(long ms) {
        return new ControllerConfig(bootstrap, session, policy, policyParams, limits, ms, httpHost, httpPort, httpToken,
                tickMs);
    }

    /** The token is a secret: never in logs or status lines. */
    @Override
    public String toString() {
        return "ControllerConfig[bootstrap=" + bootstrap + ", session=" + session + ", policy=" + policy
                + ", policyParams=" + policyParams + ", limits=" + limits + ", validityMs=" + validityMs
                + ", http=" + httpHost + ":" + httpPort + ", token=" + (httpToken == null ? "generated" : "given")
                + ", tickMs=" + tickMs + "]";
    }
}
