package io.kmsmig.apply;

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
public record ApplyResult(Map<String, Outcome> outcomes, Map<String, String> failures, long calls, long retries,
                          long throttled, boolean interrupted, long persistenceNanos, long wallNanos) {
    public ApplyResult {
        outcomes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(outcomes));
        failures = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(failures));
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

    /**
     * {@code Apply complete! Secrets: 12 migrated, 3 unchanged, 1 manual pending, 2 not required, 0 failed.
     * API calls: 57 (2 retried).}
     */
    public String summaryLine() {
        Map<Outcome, Integer> c = counts();
        StringBuilder sb = new StringBuilder(interrupted ? "Apply interrupted! " : failed() ? "Apply finished with failures! "
                : "Apply complete! ");
        sb.append("Secrets: ").append(c.get(Outcome.MIGRATED)).append(" migrated, ").append(c.get(Outcome.UNCHANGED))
                .append(" unchanged, ").append(c.get(Outcome.MANUAL_PENDING)).append(" manual pending, ")
                .append(c.get(Outcome.NOT_REQUIRED)).append(" not required, ").append(c.get(Outcome.FAILED)).append(" failed");
        if (c.get(Outcome.RECORDED) > 0) {
            sb.append(", ").append(c.get(Outcome.RECORDED)).append(" recorded in state");
        }
        if (c.get(Outcome.SOURCE_DELETED) > 0) {
            sb.append(", ").append(c.get(Outcome.SOURCE_DELETED)).append(" source deleted");
        }
        if (c.get(Outcome.RESTORED) > 0) {
            sb.append(", ").append(c.get(Outcome.RESTORED)).append(" restored");
        }
        if (c.get(Outcome.NOT_STARTED) > 0) {
            sb.append(", ").append(c.get(Outcome.NOT_STARTED)).append(" not started");
        }
        sb.append(". API calls: ").append(calls).append(" (").append(retries).append(" retried).");
        return sb.toString();
    }
}
