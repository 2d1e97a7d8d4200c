package io.kmsmig.spec;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How fast kmsmig may go.
 *
 * @param parallelism secrets worked on at once
 * @param rateLimits  API group key (e.g. secretCreateDelete) to calls per second, overriding the defaults
 * @param maxAttempts attempts per call on throttling, 5xx and network errors
 */
public record Execution(int parallelism, Map<String, Double> rateLimits, int maxAttempts) {
    public Execution {
        rateLimits = Collections.unmodifiableSortedMap(new TreeMap<>(rateLimits));
    }

    public static final Execution DEFAULT = new Execution(8, Map.of(), 8);

    public Execution withParallelism(int p) {
        return new Execution(p, rateLimits, maxAttempts);
    }
}
