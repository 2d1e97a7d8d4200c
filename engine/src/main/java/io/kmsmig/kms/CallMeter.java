package io.kmsmig.kms;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts API calls (attempts) per region and action, retries and throttled answers. Thread-safe. */
public final class CallMeter {
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder surfacedThrottles = new LongAdder();

    void attempt(String region, String action) {
        calls.computeIfAbsent(region + " " + action, k -> new LongAdder()).increment();
    }

    void retry() {
        retries.increment();
    }

    void throttled() {
        throttled.increment();
    }

    /** A throttling error given up on, i.e. reaching the user. */
    void surfacedThrottle() {
        surfacedThrottles.increment();
    }

    public long total() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long throttledAnswers() {
        return throttled.sum();
    }

    public long surfacedThrottles() {
        return surfacedThrottles.sum();
    }

    /** Calls of {@code action} in any region. */
    public long count(String action) {
        return calls.entrySet().stream().filter(e -> e.getKey().endsWith(" " + action)).mapToLong(e -> e.getValue().sum())
                .sum();
    }

    /** "region action" to count, sorted. */
    public Map<String, Long> byAction() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
