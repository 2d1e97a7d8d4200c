package io.kmsmig.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    ActionList add(Action action, String versionId, String stage, Map<String, String> params, String reason) {
        actions.add(new PlannedAction(0, action, side, region, secret, versionId, stage, params, reason, List.of()));
        return this;
    }

    ActionList addOn(Side otherSide, String otherRegion, String otherSecret, Action action, Map<String, String> params,
                     String reason) {
        actions.add(new PlannedAction(0, action, otherSide, otherRegion, otherSecret, null, null, params, reason, List.of()));
        return this;
    }

    List<PlannedAction> list() {
        return List.copyOf(actions);
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
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
            out.add(new SecretPlan(s.sourceName(), s.destinationName(), s.type(), s.disposition(), s.reason(),
                    s.versions(), numbered, s.diff(), s.warnings(), s.source()));
        }
        return out;
    }
}
