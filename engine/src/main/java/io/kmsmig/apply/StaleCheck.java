package io.kmsmig.apply;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.kms.Connections;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.SecretPlan;
import io.kmsmig.snapshot.Fingerprints;
import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.snapshot.Snapshotter;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.ApplyRecord;
import io.kmsmig.state.State;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Refuses a saved plan that no longer fits: made from another spec, against another state (lineage and serial),
 * or against a source that has changed since (a re-read of metadata, version ids and stages). Says what changed.
 * The same plan file may resume its own interrupted apply.
 */
public final class StaleCheck {
    private StaleCheck() {
    }

    /** True when the state shows this plan's apply was started and not finished. */
    public static boolean resuming(State state, String planId) {
        ApplyRecord last = state.lastApply();
        return last != null && planId.equals(last.planId()) && last.finishedAt() == null;
    }

    public static void check(Plan plan, String planId, MigrationSpec spec, State state, Connections conn, int parallelism) {
        List<String> changes = new ArrayList<>();
        if (!plan.specSha256().equals(spec.sha256())) {
            changes.add("the spec " + spec.file() + " changed since the plan was made (sha256 " + abbrev(plan.specSha256())
                    + ", now " + abbrev(spec.sha256()) + ")");
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
        if (changes.isEmpty()) {
            changes.addAll(source(plan, spec, state, conn, parallelism, resume));
        }
        if (!changes.isEmpty()) {
            StringBuilder sb = new StringBuilder("Saved plan is stale; nothing was applied.");
            changes.forEach(c -> sb.append("\n  - ").append(c));
            sb.append("\nMake a new plan and review it: kmsmig plan -f ").append(spec.file()).append(" -o <planfile>");
            throw new KmsmigException(ErrorCode.PLAN_STALE, sb.toString());
        }
    }

    private static List<String> source(Plan plan, MigrationSpec spec, State state, Connections conn, int parallelism,
                                       boolean resume) {
        List<String> names = new ArrayList<>();
        Set<String> withPolicy = new HashSet<>();
        for (SecretPlan s : plan.secrets()) {
            // Resuming this plan, its own writes to the source (a deletion done, or in flight when it stopped) are expected.
            boolean touchedByUs = state.secret(s.sourceName()).map(x -> x.sourceDeletion() != null || x.inFlight() != null)
                    .orElse(false);
            if (s.source() != null && !(resume && touchedByUs) && !s.source().metadata().pendingDeletion()) {
                names.add(s.sourceName());
                if (s.source().policy() != null) {
                    withPolicy.add(s.sourceName());
                }
            }
        }
        Map<String, SecretSnapshot> fresh = new Snapshotter(parallelism).readMany(conn.source(), names, withPolicy);
        String region = spec.source().region();
        List<String> out = new ArrayList<>();
        for (SecretPlan s : plan.secrets()) {
            if (!names.contains(s.sourceName())) {
                continue;
            }
            SecretSnapshot was = s.source();
            SecretSnapshot now = fresh.get(s.sourceName());
            if (now == null) {
                out.add(s.sourceName() + " no longer exists in " + region);
            } else if (!Fingerprints.of(was).equals(Fingerprints.of(now))) {
                out.addAll(describe(s.sourceName(), region, was, now));
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
        if (!Objects.equals(Fingerprints.normalizedJson(m0.extendedConfig()), Fingerprints.normalizedJson(m1.extendedConfig()))
                || m0.rotationEnabled() != m1.rotationEnabled() || !Objects.equals(m0.rotationInterval(), m1.rotationInterval())) {
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
