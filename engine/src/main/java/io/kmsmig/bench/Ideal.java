package io.kmsmig.bench;

import io.kmsmig.kms.ApiGroup;
import io.kmsmig.kms.CallMeter;
import java.util.Comparator;
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
    /**
     * The ideal run of these calls.
     *
     * @param calls each call counted
     * @param qps   the QPS limit of each group
     */
    public static Ideal of(
            Map<CallMeter.Call, Long> calls, double latencyMs, int parallelism, ToDoubleFunction<ApiGroup> qps) {
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        double latency = total * latencyMs / 1000.0 / parallelism;
        Map<Quota, Long> perGroup = new TreeMap<>();
        calls.forEach((c, n) -> perGroup.merge(new Quota(c.region(), ApiGroup.of(c.action())), n, Long::sum));
        double quota = 0;
        String busiest = "";
        for (var e : perGroup.entrySet()) {
            ApiGroup g = e.getKey().group();
            double t = e.getValue() / qps.applyAsDouble(g);
            if (t > quota) {
                quota = t;
                busiest = e.getKey().region() + " " + g.key() + " " + fmt(qps.applyAsDouble(g)) + "/s";
            }
        }
        return new Ideal(Math.max(latency, quota), latency, quota, latency >= quota ? "latency" : busiest);
    }

    /** A quota: an API group in a region (kms-openapi.md §16), ordered by region, then group key. */
    private record Quota(String region, ApiGroup group) implements Comparable<Quota> {
        private static final Comparator<Quota> ORDER =
                Comparator.comparing(Quota::region).thenComparing(q -> q.group().key());

        @Override
        public int compareTo(Quota o) {
            return ORDER.compare(this, o);
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
