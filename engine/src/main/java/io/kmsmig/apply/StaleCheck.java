package io.kmsmig.apply;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.diag.Program;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.SecretPlan;
import io.kmsmig.snapshot.Fingerprints;
import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.ApplyRecord;
import io.kmsmig.state.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Refuses a saved plan that no longer fits. First the pins, without a call: made from another spec, or against
 * another state (lineage and serial). Then the work: the planner is deterministic, so apply makes the plan again
 * from the spec, the state and fresh reads of both regions, and the saved plan must define exactly that work
 * ({@link PlanWork}); a changed source is described in words, anything else (a changed destination, other evidence,
 * an edited file) by its first difference. Apply then executes the plan it made, never parameters read from the
 * file alone. The same plan file may resume its own interrupted apply.
 */
public final class StaleCheck {
    private StaleCheck() {}

    /** True when the state shows this plan's apply was started and not finished. */
    public static boolean resuming(State state, String planId) {
        ApplyRecord last = state.lastApply();
        return last != null && planId.equals(last.planId()) && last.finishedAt() == null;
    }

    /** The spec and state pins: refuses a plan made from another spec or against another state. Makes no call. */
    public static void checkPins(Plan plan, String planId, MigrationSpec spec, State state) {
        List<String> changes = new ArrayList<>();
        if (!plan.specSha256().equals(spec.sha256())) {
            changes.add("the spec " + spec.file() + " changed since the plan was made (sha256 "
                    + abbrev(plan.specSha256()) + ", now " + abbrev(spec.sha256()) + ")");
        }
        boolean resume = resuming(state, planId);
        boolean sameState = Objects.equals(plan.lineage(), state.lineage()) && plan.serial() == state.serial();
        boolean resumable = resume && (plan.lineage() == null || plan.lineage().equals(state.lineage()));
        if (!sameState && !resumable) {
            if (plan.lineage() == null) {
                changes.add("the state changed since the plan was made: there was none then, now lineage "
                        + state.lineage() + " at serial " + state.serial() + " (an apply ran)");
            } else if (!plan.lineage().equals(state.lineage())) {
                changes.add("the state is another one (lineage " + plan.lineage() + " in the plan, " + state.lineage()
                        + " now)");
            } else {
                changes.add("the state changed since the plan was made (serial " + plan.serial() + " in the plan, "
                        + state.serial() + " now): another apply or verify ran");
            }
        }
        refuseIf(changes, spec);
    }

    /**
     * Holds the saved plan against {@code now}, the plan made again from the spec, the state and fresh reads of both
     * regions, and returns the plan to execute: {@code now} (equal in work to the saved one). When resuming this
     * plan's own interrupted apply, finished actions are gone from {@code now}, so: the secrets that apply already
     * worked on are left to its reconciliation (which re-reads the destination before any write) and keep the saved
     * plan's actions, whose plan id (checked against the file's content) binds them to the file that passed this
     * check when that apply started; every other secret must still match and runs as planned now.
     */
    public static Plan checkWork(Plan saved, String planId, Plan now, MigrationSpec spec, State state) {
        boolean resume = resuming(state, planId);
        Instant since = resume ? state.lastApply().startedAt() : null;
        Predicate<String> touched = name -> resume
                && state.secret(name)
                        .map(x -> x.inFlight() != null
                                || x.sourceDeletion() != null
                                || (x.updatedAt() != null && !x.updatedAt().isBefore(since)))
                        .orElse(false);
        List<String> changes = new ArrayList<>(source(saved, now, spec, touched));
        PlanWork.firstDifference(saved, now, touched, !resume)
                .ifPresent(d -> changes.add("the plan made now from the "
                        + "spec, the state and both regions differs from the saved one: " + d));
        refuseIf(changes, spec);
        return resume ? PlanWork.resumed(saved, now, touched) : now;
    }

    private static void refuseIf(List<String> changes, MigrationSpec spec) {
        if (!changes.isEmpty()) {
            StringBuilder sb = new StringBuilder("Saved plan is stale; nothing was applied.");
            changes.forEach(c -> sb.append("\n  - ").append(c));
            sb.append("\nMake a new plan and review it: " + Program.name() + " plan -f ")
                    .append(spec.file())
                    .append(" -o <planfile>");
            throw new KmsmigException(ErrorCode.PLAN_STALE, sb.toString());
        }
    }

    /** The source changes, in words: each planned source secret against its fresh read in the plan made now. */
    private static List<String> source(Plan saved, Plan now, MigrationSpec spec, Predicate<String> touched) {
        Map<String, SecretPlan> fresh = new HashMap<>();
        now.secrets().forEach(s -> fresh.put(s.sourceName(), s));
        String region = spec.source().region();
        List<String> out = new ArrayList<>();
        for (SecretPlan s : saved.secrets()) {
            SecretSnapshot was = s.source();
            if (was == null || was.metadata().pendingDeletion() || touched.test(s.sourceName())) {
                continue;
            }
            SecretPlan n = fresh.get(s.sourceName());
            if (n == null) {
                out.add(s.sourceName() + " no longer exists in " + region);
            } else if (n.source() == null) {
                out.add(s.sourceName() + " was scheduled for deletion in " + region);
            } else if (!Fingerprints.of(was).equals(Fingerprints.of(n.source()))) {
                out.addAll(describe(s.sourceName(), region, was, n.source()));
            }
        }
        return out;
    }

    /** What changed in one secret, in words. */
    static List<String> describe(String name, String region, SecretSnapshot was, SecretSnapshot now) {
        List<String> out = new ArrayList<>();
        Set<String> added = new TreeSet<>(now.versionIds());
        was.versionIds().forEach(added::remove);
        Set<String> gone = new TreeSet<>(was.versionIds());
        now.versionIds().forEach(gone::remove);
        if (!added.isEmpty()) {
            out.add(name + " gained version " + String.join(", ", added) + " in " + region);
        }
        if (!gone.isEmpty()) {
            out.add(name + " lost version " + String.join(", ", gone) + " in " + region);
        }
        Map<String, String> a = was.stageMap();
        Map<String, String> b = now.stageMap();
        Set<String> labels = new TreeSet<>(a.keySet());
        labels.addAll(b.keySet());
        for (String l : labels) {
            if (!Objects.equals(a.get(l), b.get(l))) {
                out.add(name + "'s stage " + l + " moved from " + (a.get(l) == null ? "nowhere" : a.get(l)) + " to "
                        + (b.get(l) == null ? "nowhere" : b.get(l)) + " in " + region);
            }
        }
        var m0 = was.metadata();
        var m1 = now.metadata();
        if (m1.pendingDeletion() && !m0.pendingDeletion()) {
            out.add(name + " was scheduled for deletion in " + region);
        }
        if (!Objects.equals(m0.description(), m1.description())) {
            out.add(name + "'s description changed in " + region);
        }
        if (!new TreeMap<>(m0.tags()).equals(new TreeMap<>(m1.tags()))) {
            out.add(name + "'s tags changed in " + region);
        }
        if (!Objects.equals(Fingerprints.normalizedJson(was.policy()), Fingerprints.normalizedJson(now.policy()))) {
            out.add(name + "'s secret policy changed in " + region);
        }
        if (!Objects.equals(
                        Fingerprints.normalizedJson(m0.extendedConfig()),
                        Fingerprints.normalizedJson(m1.extendedConfig()))
                || m0.rotationEnabled() != m1.rotationEnabled()
                || !Objects.equals(m0.rotationInterval(), m1.rotationInterval())) {
            out.add(name + "'s extended config or rotation changed in " + region);
        }
        if (out.isEmpty()) {
            out.add(name + " changed in " + region);
        }
        return out;
    }

    private static String abbrev(String sha) {
        return sha == null ? "none" : sha.substring(0, Math.min(12, sha.length()));
    }
}
