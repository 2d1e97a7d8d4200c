package io.kmsmig.emulator.faults;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, per call, the latency to add and whether to throttle, fail or drop it. Thread-safe; the
 * configuration can be replaced at run time, which resets quota buckets and failure counters.
 */
public final class Faults {
    private volatile FaultConfig config;
    private volatile Random random;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> ruleCounters = new ConcurrentHashMap<>();

    public Faults(FaultConfig config) {
        set(config);
    }

    public FaultConfig config() {
        return config;
    }

    public synchronized void set(FaultConfig c) {
        this.config = c;
        this.random = new Random(c.seed());
        buckets.clear();
        ruleCounters.clear();
    }

    /** Milliseconds to wait before answering this action. */
    public long latencyMs(String action) {
        FaultConfig c = config;
        return c.latencyMs() + c.latencyByAction().getOrDefault(action, 0L);
    }

    /** Decides the fate of one call of {@code action} in {@code region}. */
    public Decision decide(String region, String action, boolean write) {
        FaultConfig c = config;
        for (int i = 0; i < c.failures().size(); i++) {
            FaultConfig.Failure f = c.failures().get(i);
            if (!matches(f.action(), action, write)) {
                continue;
            }
            long n = ruleCounters.computeIfAbsent(i, k -> new AtomicLong()).incrementAndGet();
            boolean hit = (f.nth() != null && n == f.nth()) || (f.rate() != null && nextDouble() < f.rate());
            if (hit) {
                return f.drop() ? new Decision.Drop() : new Decision.Fail(f.status());
            }
        }
        if (c.throttleRate() > 0 && nextDouble() < c.throttleRate()) {
            return new Decision.Throttle();
        }
        if (c.quotas()) {
            ApiGroup g = ApiGroup.of(action);
            Bucket b = buckets.computeIfAbsent(region + "|" + g.key(), k -> bucket(c.qpsOf(g)));
            if (!b.tryConsume(1)) {
                return new Decision.Throttle();
            }
        }
        return Decision.PROCEED;
    }

    private synchronized double nextDouble() {
        return random.nextDouble();
    }

    private static boolean matches(String rule, String action, boolean write) {
        return "*".equals(rule) || rule.equals(action) || ("write".equals(rule) && write);
    }

    /** A bucket allowing {@code qps} calls per second with a burst of one second's worth. */
    static Bucket bucket(double qps) {
        if (qps >= 1) {
            long n = Math.round(qps);
            return Bucket.builder()
                    .addLimit(l -> l.capacity(n).refillGreedy(n, Duration.ofSeconds(1)))
                    .withCustomTimePrecision(TimeMeter.SYSTEM_NANOTIME)
                    .build();
        }
        long periodNanos = Math.round(1_000_000_000L / qps);
        return Bucket.builder()
                .addLimit(l -> l.capacity(1).refillGreedy(1, Duration.ofNanos(periodNanos)))
                .build();
    }
}
