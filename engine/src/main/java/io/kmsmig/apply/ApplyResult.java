package io.kmsmig.apply;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an apply did.
 *
 * @param outcomes         source secret name to its outcome
 * @param failures         source secret name to why it failed (no values)
 * @param calls            API calls made (attempts)
 * @param retries          attempts that were retries
 * @param throttled        throttling answers that reached the user (after all retries)
 * @param interrupted      stopped by Ctrl-C
 * @param persistenceNanos time spent writing the state
 * @param wallNanos        total time
 */
public record ApplyResult(
        Map<String, Outcome> outcomes,
        Map<String, String> failures,
        long calls,
        long retries,
        long throttled,
        boolean interrupted,
        long persistenceNanos,
        long wallNanos) {
    public ApplyResult {
        outcomes = Collections.unmodifiableSortedMap(new TreeMap<>(outcomes));
        failures = Collections.unmodifiableSortedMap(new TreeMap<>(failures));
    }

    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> out = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            out.put(o, 0);
        }
        outcomes.values().forEach(o -> out.merge(o, 1, Integer::sum));
        return out;
    }

    public boolean failed() {
        return !failures.isEmpty();
    }
}
