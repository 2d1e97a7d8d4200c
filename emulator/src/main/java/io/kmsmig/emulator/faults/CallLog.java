package io.kmsmig.emulator.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of calls served, per region and action, and of answers by error code. Never records values.
 * Tests read it to prove how many calls kmsmig made.
 */
public final class CallLog {
    private final Map<String, LongAdder> byRegionAction = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byCode = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();

    /** Records one call and its outcome ({@code code} null for success). */
    public void record(String region, String action, String code) {
        byRegionAction
                .computeIfAbsent(region + " " + action, k -> new LongAdder())
                .increment();
        byCode.computeIfAbsent(code == null ? "OK" : code, k -> new LongAdder()).increment();
    }

    /** Counts a successful write and returns how many have been applied so far. */
    public long recordWrite() {
        return writes.incrementAndGet();
    }

    public long writes() {
        return writes.get();
    }

    /** Calls of {@code action} in {@code region}. */
    public long count(String region, String action) {
        LongAdder a = byRegionAction.get(region + " " + action);
        return a == null ? 0 : a.sum();
    }

    /** Calls of {@code action} in any region. */
    public long count(String action) {
        return byRegionAction.entrySet().stream()
                .filter(e -> e.getKey().endsWith(" " + action))
                .mapToLong(e -> e.getValue().sum())
                .sum();
    }

    /** "region action" to count, sorted. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        byRegionAction.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Error code (or OK) to count, sorted. */
    public Map<String, Long> codes() {
        Map<String, Long> out = new TreeMap<>();
        byCode.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public void clear() {
        byRegionAction.clear();
        byCode.clear();
        writes.set(0);
    }
}
