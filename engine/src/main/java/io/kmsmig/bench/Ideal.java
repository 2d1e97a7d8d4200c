package io.kmsmig.bench;

import io.kmsmig.kms.ApiGroup;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The shortest time the KMS API allows for a set of calls: {@code max(calls x L / parallelism, calls per group /
 * QPS per group)}, the latency bound and the quota bound of the busiest region and API group (kms-openapi.md §16:
 * quotas are per region and group).
 *
 * @param seconds      the ideal time
 * @param latencyBound calls x L / parallelism
 * @param quotaBound   the largest calls-per-group / QPS-per-group over regions and groups
 * @param boundBy      what binds: "latency", or "region group qps" of the busiest group
 */
public record Ideal(double seconds, double latencyBound, double quotaBound, String boundBy) {
    /** @param calls "region action" to count; @param qps the QPS limit of each group */
    public static Ideal of(Map<String, Long> calls, double latencyMs, int parallelism, ToDoubleFunction<ApiGroup> qps) {
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        double latency = total * latencyMs / 1000.0 / parallelism;
        Map<String, Long> perGroup = new TreeMap<>();
        calls.forEach((k, n) -> {
            int sp = k.indexOf(' ');
            String region = k.substring(0, sp);
            perGroup.merge(region + " " + ApiGroup.of(k.substring(sp + 1)).key(), n, Long::sum);
        });
        double quota = 0;
        String busiest = "";
        for (var e : perGroup.entrySet()) {
            ApiGroup g = ApiGroup.byKey(e.getKey().substring(e.getKey().indexOf(' ') + 1));
            double t = e.getValue() / qps.applyAsDouble(g);
            if (t > quota) {
                quota = t;
                busiest = e.getKey() + " " + fmt(qps.applyAsDouble(g)) + "/s";
            }
        }
        return new Ideal(Math.max(latency, quota), latency, quota, latency >= quota ? "latency" : busiest);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
