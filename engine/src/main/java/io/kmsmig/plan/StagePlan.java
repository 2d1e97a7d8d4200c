package io.kmsmig.plan;

import java.util.List;

/**
 * How to reach a stage map: one put mode per version to put, then the stage calls.
 *
 * @param modes   put mode of each version to put, in creation order
 * @param ops     UpdateSecretVersionStage calls, in order
 * @param certain true when the result is right under both readings of the UNCONFIRMED ACSPrevious behaviour
 */
public record StagePlan(List<PutMode> modes, List<StageOp> ops, boolean certain) {
    public StagePlan {
        modes = List.copyOf(modes);
        ops = List.copyOf(ops);
    }
}
