package org.zaploop.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The JSON of {@code POST /control/policy}: {@code {"policy": NAME, "params": {"k": "v", ...}, "operator": TEXT}}.
 * Rejects, with a message naming the problem, anything that is not exactly that object; params are text or numbers
 * (read by the policy like its command-line params).
 */
public final class PolicyRequests {

    private static final Set<String> FIELDS = Set.of("policy", "params", "operator");

    /** A parsed request. */
    public record Request(String policy, Map<String, String> params, String operator) {
    }

    private PolicyRequests() {
    }

    public static Request parse(String body) {
        JsonNode n = JsonBody.object(body, FIELDS, "policy");
        JsonNode name = n.get("policy");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new IllegalArgumentException("\"policy\" (text) is required");
        }
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = n.get("params");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw new IllegalArgumentException("\"params\" must be an object of text or numbers");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual() && !e.getValue().isNumber() && !e.getValue().isBoolean()) {
                    throw new IllegalArgumentException("param '" + e.getKey() + "' must be text or a number");
                }
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode op = n.get("operator");
        if (op != null && !op.isNull() && (!op.isTextual() || op.asText().length() > 200)) {
            throw new IllegalArgumentException("\"operator\" must be text of at most 200 characters");
        }
        return new Request(name.asText(), params, op == null || op.isNull() ? null : op.asText());
    }
}
