package io.kmsmig.plan;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.diag.Program;
import io.kmsmig.formats.Closest;
import io.kmsmig.kms.SecretType;
import io.kmsmig.snapshot.SourceSnapshot;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.Selection;
import io.kmsmig.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks {@code --target} names against the source listing: a target that selects nothing is a typo or a secret
 * the spec does not select, and a plan that silently leaves it out would look like "no changes".
 */
public final class Targets {
    private Targets() {}

    /** The source names a plan can act on: what {@link Planner} plans when not restricted by targets. */
    static SortedSet<String> plannable(SourceSnapshot source, State state) {
        SortedSet<String> names = new TreeSet<>();
        source.selected().forEach(s -> names.add(s.name()));
        names.addAll(source.pendingDeletion().keySet());
        for (String name : source.otherPending()) {
            state.secret(name)
                    .filter(s -> s.sourceDeletion() != null && !SecretType.isRam(s.type()))
                    .ifPresent(s -> names.add(name));
        }
        return names;
    }

    /** Names listed, at most, when a target is near none of them: enough to show what names look like. */
    static final int SAMPLE = 5;

    /** Throws, naming the closest names (or some selected names), when a target selects no secret. */
    public static void check(Set<String> targets, MigrationSpec spec, SourceSnapshot source, State state) {
        if (targets.isEmpty()) {
            return;
        }
        SortedSet<String> names = plannable(source, state);
        List<String> lines = new ArrayList<>();
        boolean unhinted = false;
        for (String t : new TreeSet<>(targets)) {
            if (!names.contains(t)) {
                String why = why(t, spec.selection());
                List<String> near = Closest.among(t, names, 3);
                unhinted |= near.isEmpty() && why.isEmpty();
                lines.add("  " + t + why + (near.isEmpty() ? "" : "  (did you mean " + String.join(", ", near) + "?)"));
            }
        }
        if (!lines.isEmpty()) {
            throw new KmsmigException(
                    ErrorCode.TARGET_UNKNOWN,
                    "--target names " + (lines.size() == 1 ? "a secret" : lines.size() + " secrets")
                            + " that the spec does not select in "
                            + spec.source().region()
                            + " (it selects " + names.size() + "):\n" + String.join("\n", lines) + "\n"
                            + (unhinted && !names.isEmpty() ? sample(names) : "")
                            + "Targets are exact source secret names; "
                            + Program.name() + " plan -f " + spec.file()
                            + " (without --target) lists every selected one. Nothing was "
                            + "planned.");
        }
    }

    /** What in the spec's selection leaves {@code name} out, when its globs alone do; "" when they would select it. */
    private static String why(String name, Selection selection) {
        if (selection.include().stream().noneMatch(g -> g.matches(name))) {
            return "  (no secrets.include glob matches it: "
                    + selection.include().stream().map(g -> "'" + g + "'").collect(Collectors.joining(", ")) + ")";
        }
        return selection.exclude().stream()
                .filter(g -> g.matches(name))
                .findFirst()
                .map(g -> "  (secrets.exclude '" + g + "' removes it)")
                .orElse("");
    }

    private static String sample(SortedSet<String> names) {
        List<String> some = names.stream().limit(SAMPLE).toList();
        return "Some of the names it selects: " + String.join(", ", some)
                + (names.size() > some.size() ? " (and " + (names.size() - some.size()) + " more)" : "") + ".\n";
    }
}
