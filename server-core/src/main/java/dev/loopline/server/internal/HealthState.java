package dev.loopline.server.internal;

import dev.loopline.server.Request;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@link dev.loopline.server.Health} needs from inside the server. */
public final class HealthState {

    private static final Logger log = LoggerFactory.getLogger(Loggers.HEALTH);

    private HealthState() {
    }

    /** True when the server this request arrived on has begun to shut down. */
    public static boolean isShuttingDown(Request request) {
        ResponseSlot exchange = ResponseSlot.of(request);
        return exchange != null && exchange.connection.runtime().isShuttingDown();
    }

    /** Runs one readiness check; a check that throws counts as down, and is logged. */
    public static boolean passes(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            log.warn("Readiness check failed", e);
            return false;
        }
    }

    /** {@code {"status":"DOWN","checks":{"db":"UP","cache":"DOWN"}}} */
    public static String json(String status, Map<String, Boolean> checks) {
        StringBuilder json = new StringBuilder("{\"status\":");
        Problems.appendString(json, status);
        json.append(",\"checks\":{");
        boolean first = true;
        for (Map.Entry<String, Boolean> check : checks.entrySet()) {
            json.append(first ? "" : ",");
            Problems.appendString(json, check.getKey());
            json.append(':').append(check.getValue() ? "\"UP\"" : "\"DOWN\"");
            first = false;
        }
        return json.append("}}").toString();
    }
}
