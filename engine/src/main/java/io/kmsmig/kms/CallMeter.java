package io.kmsmig.kms;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts API calls (attempts) per region and action, retries and throttled answers. Thread-safe. */
public final class CallMeter {
    /** One kind of call counted: an action in a region. */
    public record Call(String region, String action) implements Comparable<Call> {
        private static final Comparator<Call> ORDER =
                Comparator.comparing(Call::region).thenComparing(Call::action);

        @Override
        public int compareTo(Call o) {
            return ORDER.compare(this, o);
        }
    }

    private final Map<Call, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder surfacedThrottles = new LongAdder();

    void attempt(String region, String action) {
        calls.computeIfAbsent(new Call(region, action), k -> new LongAdder()).increment();
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
        return calls.entrySet().stream()
                .filter(e -> e.getKey().action().equals(action))
                .mapToLong(e -> e.getValue().sum())
                .sum();
    }

    /** Each call counted, sorted by region and action. */
    public Map<Call, Long> byCall() {
        Map<Call, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** "region action" to count, sorted: for people (the bench's samples); {@link #byCall} for code. */
    public Map<String, Long> byAction() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k.region() + " " + k.action(), v.sum()));
        return out;
    }
}
