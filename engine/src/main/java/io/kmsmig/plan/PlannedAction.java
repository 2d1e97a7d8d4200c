package io.kmsmig.plan;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * One step of a plan.
 *
 * @param seq       1-based position in the plan; apply runs a secret's actions in this order
 * @param side      which region it writes to
 * @param region    that region's id
 * @param secret    the secret's name in that region
 * @param payload   what it does, typed: the only part of the action apply executes
 * @param reason    why, for people; apply never branches on it
 * @param dependsOn seqs that must be done first
 */
public record PlannedAction(
        int seq, Side side, String region, String secret, Payload payload, String reason, List<Integer> dependsOn) {
    public PlannedAction {
        Objects.requireNonNull(payload, "payload");
        dependsOn = List.copyOf(dependsOn);
    }

    /** What it calls. */
    public Action action() {
        return payload.action();
    }

    /** The version concerned, or null. */
    public String versionId() {
        return payload.versionId();
    }

    /** The stage label concerned, or null. */
    public String stage() {
        return payload.stage();
    }

    /** The parameter summary for people, derived from the payload; never a value, never read back. */
    public SortedMap<String, String> summary() {
        return PayloadSummary.of(payload);
    }

    /** The payload as {@code kind}, for an executor that runs one kind; IllegalStateException for another kind. */
    public <P extends Payload> P payload(Class<P> kind) {
        if (!kind.isInstance(payload)) {
            throw new IllegalStateException("action #" + seq + " is " + action().api() + " ("
                    + payload.getClass().getSimpleName() + "), not " + kind.getSimpleName());
        }
        return kind.cast(payload);
    }

    PlannedAction withSeq(int newSeq, List<Integer> deps) {
        return new PlannedAction(newSeq, side, region, secret, payload, reason, deps);
    }
}
