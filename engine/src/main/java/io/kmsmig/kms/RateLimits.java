package io.kmsmig.kms;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-side token buckets, one per region and API group, so kmsmig stays under the KMS quotas
 * (kms-openapi.md §16) instead of being throttled by its own making. Limits come from {@link ApiGroup} unless the
 * spec overrides them.
 */
public final class RateLimits {
    private final Map<String, Double> overrides;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param overrides API group key (e.g. secretCreateDelete) to calls per second */
    public RateLimits(Map<String, Double> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    public double qps(ApiGroup g) {
        return overrides.getOrDefault(g.key(), g.defaultQps());
    }

    /** Blocks until a call of {@code action} may be made in {@code region}. */
    public void acquire(String region, String action) throws InterruptedException {
        ApiGroup g = ApiGroup.of(action);
        buckets.computeIfAbsent(region + "|" + g.key(), k -> bucket(qps(g)))
                .asBlocking()
                .consume(1);
    }

    /** A bucket for {@code qps} with a burst of one second's worth, like the server's (the same shape both sides). */
    static Bucket bucket(double qps) {
        if (qps >= 1) {
            long n = Math.max(1, (long) Math.floor(qps));
            return Bucket.builder()
                    .addLimit(l -> l.capacity(n).refillGreedy(n, Duration.ofSeconds(1)))
                    .build();
        }
        long periodNanos = Math.round(1_000_000_000L / qps);
        return Bucket.builder()
                .addLimit(l -> l.capacity(1).refillGreedy(1, Duration.ofNanos(periodNanos)))
                .build();
    }
}
