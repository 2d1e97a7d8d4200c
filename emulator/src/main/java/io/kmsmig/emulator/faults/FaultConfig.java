package io.kmsmig.emulator.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fault settings (the world file's {@code faults} section). Immutable; replace it to change faults at run time.
 *
 * @param latencyMs       added to every call
 * @param latencyByAction extra milliseconds per action
 * @param quotas          enforce the QPS quota of each API group per region
 * @param qps             API group key to QPS, overriding {@link ApiGroup#defaultQps()}
 * @param throttleRate    fraction of calls answered 429 at random
 * @param seed            seed of the random choices
 * @param failures        injected failures
 */
public record FaultConfig(
        long latencyMs,
        Map<String, Long> latencyByAction,
        boolean quotas,
        Map<String, Double> qps,
        double throttleRate,
        long seed,
        List<Failure> failures) {
    /**
     * One injected failure rule.
     *
     * @param action '*' for every action, 'write' for every write, else an action name
     * @param nth    fail only the nth matching call (1-based), or null
     * @param rate   fail this fraction of matching calls, or null
     * @param status 500, 503, or 403 (Forbidden.NoPermission)
     * @param drop   drop the connection instead of answering
     */
    public record Failure(String action, Integer nth, Double rate, int status, boolean drop) {}

    public static final FaultConfig NONE = new FaultConfig(0, Map.of(), false, Map.of(), 0, 1, List.of());

    public FaultConfig {
        latencyByAction = Map.copyOf(latencyByAction);
        qps = Map.copyOf(qps);
        failures = List.copyOf(failures);
    }

    public double qpsOf(ApiGroup g) {
        return qps.getOrDefault(g.key(), g.defaultQps());
    }

    public FaultConfig withLatencyMs(long ms) {
        return new FaultConfig(ms, latencyByAction, quotas, qps, throttleRate, seed, failures);
    }

    public FaultConfig withQuotas(boolean on) {
        return new FaultConfig(latencyMs, latencyByAction, on, qps, throttleRate, seed, failures);
    }

    public FaultConfig withQps(Map<String, Double> q) {
        return new FaultConfig(latencyMs, latencyByAction, quotas, q, throttleRate, seed, failures);
    }

    public FaultConfig withThrottleRate(double r) {
        return new FaultConfig(latencyMs, latencyByAction, quotas, qps, r, seed, failures);
    }

    public FaultConfig withFailures(List<Failure> f) {
        return new FaultConfig(latencyMs, latencyByAction, quotas, qps, throttleRate, seed, f);
    }

    /** Reads the world file's {@code faults} section (already schema-checked); missing means none. */
    public static FaultConfig fromJson(JsonNode j) {
        if (j == null || j.isMissingNode() || j.isNull()) {
            return NONE;
        }
        Map<String, Long> byAction = new TreeMap<>();
        j.path("latencyByAction")
                .properties()
                .forEach(e -> byAction.put(e.getKey(), e.getValue().asLong()));
        Map<String, Double> qps = new TreeMap<>();
        j.path("qps").properties().forEach(e -> {
            ApiGroup.byKey(e.getKey());
            qps.put(e.getKey(), e.getValue().asDouble());
        });
        List<Failure> failures = new ArrayList<>();
        for (JsonNode f : j.path("failures")) {
            failures.add(new Failure(
                    f.get("action").asString(),
                    f.hasNonNull("nth") ? f.get("nth").asInt() : null,
                    f.hasNonNull("rate") ? f.get("rate").asDouble() : null,
                    f.path("status").asInt(503),
                    f.path("drop").asBoolean(false)));
        }
        return new FaultConfig(
                j.path("latencyMs").asLong(0),
                byAction,
                j.path("quotas").asBoolean(false),
                qps,
                j.path("throttleRate").asDouble(0),
                j.path("seed").asLong(1),
                failures);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("latencyMs", latencyMs);
        ObjectNode la = o.putObject("latencyByAction");
        new TreeMap<>(latencyByAction).forEach(la::put);
        o.put("quotas", quotas);
        ObjectNode q = o.putObject("qps");
        new TreeMap<>(qps).forEach(q::put);
        o.put("throttleRate", throttleRate);
        o.put("seed", seed);
        var arr = o.putArray("failures");
        for (Failure f : failures) {
            ObjectNode fo = arr.addObject()
                    .put("action", f.action())
                    .put("status", f.status())
                    .put("drop", f.drop());
            if (f.nth() != null) {
                fo.put("nth", f.nth());
            }
            if (f.rate() != null) {
                fo.put("rate", f.rate());
            }
        }
        return o;
    }
}
