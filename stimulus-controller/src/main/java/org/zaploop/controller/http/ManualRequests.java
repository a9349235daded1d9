package org.zaploop.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.zaploop.controller.loop.ManualOutcome;
import org.zaploop.controller.loop.ManualRequest;
import org.zaploop.protocol.records.Stimulus;

/**
 * The JSON of {@code POST /control/stimulate}: parses a request (rejecting, with a message naming the problem,
 * anything that is not exactly the documented object) and writes the outcome.
 */
public final class ManualRequests {

    private static final Set<String> FIELDS = Set.of("stimulus", "params", "validMs", "condition", "operator");
    /** Validity when the request does not say. */
    public static final long DEFAULT_VALID_MS = 10_000;

    private ManualRequests() {
    }

    public static ManualRequest parse(String body) {
        JsonNode n = JsonBody.object(body, FIELDS, "stimulus");
        JsonNode st = n.get("stimulus");
        if (st == null || !st.isTextual()) {
            throw new IllegalArgumentException("\"stimulus\" (text) is required");
        }
        Stimulus stimulus;
        try {
            stimulus = Stimulus.valueOf(st.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown stimulus '" + st.asText() + "'; one of "
                    + java.util.Arrays.toString(Stimulus.values()));
        }
        Map<String, Double> params = new LinkedHashMap<>();
        JsonNode p = n.get("params");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw new IllegalArgumentException("\"params\" must be an object of numbers");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNumber()) {
                    throw new IllegalArgumentException("param '" + e.getKey() + "' must be a number");
                }
                params.put(e.getKey(), e.getValue().asDouble());
            }
        }
        long validMs = integer(n, "validMs", DEFAULT_VALID_MS);
        JsonNode c = n.get("condition");
        Integer condition = c == null || c.isNull() ? null : (int) integer(n, "condition", -1);
        JsonNode op = n.get("operator");
        if (op != null && !op.isNull() && !op.isTextual()) {
            throw new IllegalArgumentException("\"operator\" must be text");
        }
        String operator = op == null || op.isNull() ? null : op.asText();
        if (operator != null && operator.length() > 200) {
            throw new IllegalArgumentException("\"operator\" is longer than 200 characters");
        }
        return new ManualRequest(stimulus, params, condition, validMs, operator);
    }

    private static long integer(JsonNode n, String field, long absent) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a whole number");
        }
        return v.asLong();
    }

    /** The reply: decision, rule, reason, seq, and the command as sent (issued only). */
    public static Map<String, Object> reply(ManualOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decision", o.decision().name());
        m.put("rule", o.rule());
        m.put("reason", o.reason());
        m.put("seq", o.seq());
        if (o.command() != null) {
            m.put("stimulus", o.command().stimulus().name());
            m.put("params", o.command().params());
            m.put("validUntilNs", o.command().validUntilNs());
        }
        return m;
    }
}
