package io.kmsmig.plan;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.formats.Closest;
import io.kmsmig.snapshot.SourceSnapshot;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Checks {@code --target} names against the source listing: a target that selects nothing is a typo or a secret
 * the spec does not select, and a plan that silently leaves it out would look like "no changes".
 */
public final class Targets {
    private Targets() {
    }

    /** The source names a plan can act on: what {@link Planner} plans when not restricted by targets. */
    static SortedSet<String> plannable(SourceSnapshot source, State state) {
        SortedSet<String> names = new TreeSet<>();
        source.selected().forEach(s -> names.add(s.name()));
        names.addAll(source.pendingDeletion().keySet());
        for (String name : source.otherPending()) {
            state.secret(name).filter(s -> s.sourceDeletion() != null && !"RAMCredentials".equals(s.type()))
                    .ifPresent(s -> names.add(name));
        }
        return names;
    }

    /** Throws, naming the closest names, when a target selects no secret. */
    public static void check(Set<String> targets, MigrationSpec spec, SourceSnapshot source, State state) {
        if (targets.isEmpty()) {
            return;
        }
        SortedSet<String> names = plannable(source, state);
        List<String> lines = new ArrayList<>();
        for (String t : new TreeSet<>(targets)) {
            if (!names.contains(t)) {
                List<String> near = Closest.among(t, names, 3);
                lines.add("  " + t + (near.isEmpty() ? "" : "  (did you mean " + String.join(", ", near) + "?)"));
            }
        }
        if (!lines.isEmpty()) {
            throw new KmsmigException(ErrorCode.TARGET_UNKNOWN, "--target names " + (lines.size() == 1 ? "a secret"
                    : lines.size() + " secrets") + " that the spec does not select in " + spec.source().region()
                    + " (it selects " + names.size() + "):\n" + String.join("\n", lines) + "\nTargets are exact "
                    + "source secret names; run the plan without --target to see them all. Nothing was planned.");
        }
    }
}
