package io.kmsmig.plan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a plan.
 *
 * @param seq       1-based position in the plan; apply runs a secret's actions in this order
 * @param action    what it calls
 * @param side      which region it writes to
 * @param region    that region's id
 * @param secret    the secret's name in that region
 * @param versionId the version concerned, or null
 * @param stage     the stage label concerned, or null
 * @param params    parameter summary for people; never a value
 * @param reason    why, for people; apply never branches on it
 * @param dependsOn seqs that must be done first
 */
public record PlannedAction(int seq, Action action, Side side, String region, String secret, String versionId,
                            String stage, Map<String, String> params, String reason, List<Integer> dependsOn) {
    public PlannedAction {
        params = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(params));
        dependsOn = List.copyOf(dependsOn);
    }

    PlannedAction withSeq(int newSeq, List<Integer> deps) {
        return new PlannedAction(newSeq, action, side, region, secret, versionId, stage, params, reason, deps);
    }
}
