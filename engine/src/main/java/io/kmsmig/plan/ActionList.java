package io.kmsmig.plan;

import java.util.ArrayList;
import java.util.List;

/** Collects one secret's actions in order; seqs and dependencies are assigned when the plan is assembled. */
final class ActionList {
    private final List<PlannedAction> actions = new ArrayList<>();
    private final String region;
    private final String secret;
    private final Side side;

    ActionList(Side side, String region, String secret) {
        this.side = side;
        this.region = region;
        this.secret = secret;
    }

    ActionList add(Payload payload, String reason) {
        actions.add(new PlannedAction(0, side, region, secret, payload, reason, List.of()));
        return this;
    }

    ActionList addOn(Side otherSide, String otherRegion, String otherSecret, Payload payload, String reason) {
        actions.add(new PlannedAction(0, otherSide, otherRegion, otherSecret, payload, reason, List.of()));
        return this;
    }

    List<PlannedAction> list() {
        return List.copyOf(actions);
    }

    /** Renumbers a plan's actions: global seq in order, each depending on the previous action of its secret. */
    static List<SecretPlan> number(List<SecretPlan> secrets) {
        List<SecretPlan> out = new ArrayList<>();
        int seq = 0;
        for (SecretPlan s : secrets) {
            List<PlannedAction> numbered = new ArrayList<>();
            Integer previous = null;
            for (PlannedAction a : s.actions()) {
                seq++;
                numbered.add(a.withSeq(seq, previous == null ? List.of() : List.of(previous)));
                previous = seq;
            }
            out.add(new SecretPlan(
                    s.sourceName(),
                    s.destinationName(),
                    s.type(),
                    s.disposition(),
                    s.reason(),
                    s.versions(),
                    numbered,
                    s.diff(),
                    s.warnings(),
                    s.source()));
        }
        return out;
    }
}
