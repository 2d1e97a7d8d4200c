package io.kmsmig.apply;

import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlannedAction;
import io.kmsmig.plan.SecretPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Compares the work two plans define: the destination key, the errors, and per secret its destination name, type,
 * disposition and ordered actions with their payloads. Reasons, warnings, version tables and the creation time are
 * display or run-varying, so they are left out. Used to hold a saved plan against the plan made again at apply time.
 */
final class PlanWork {
    private PlanWork() {}

    /**
     * The first difference in words, or empty when both plans do the same work.
     *
     * @param skip      secrets not compared (an interrupted apply of this plan already worked on them)
     * @param numbering whether the global action numbers must match too (not when resuming: finished actions are
     *                  gone from the plan made now, so the numbers shift)
     */
    static Optional<String> firstDifference(Plan saved, Plan now, Predicate<String> skip, boolean numbering) {
        if (!Objects.equals(saved.destinationKeyId(), now.destinationKeyId())) {
            return Optional.of("the destination key resolves to " + now.destinationKeyId() + " now, "
                    + saved.destinationKeyId() + " in the saved plan");
        }
        for (int i = 0; i < Math.max(saved.errors().size(), now.errors().size()); i++) {
            String a = i < saved.errors().size() ? saved.errors().get(i) : null;
            String b = i < now.errors().size() ? now.errors().get(i) : null;
            if (!Objects.equals(a, b)) {
                return Optional.of(
                        b != null
                                ? "the plan made now has an error: " + b
                                : "the saved plan's error no longer holds: " + a);
            }
        }
        Map<String, SecretPlan> was = bySource(saved);
        Map<String, SecretPlan> is = bySource(now);
        TreeSet<String> names = new TreeSet<>(was.keySet());
        names.addAll(is.keySet());
        for (String name : names) {
            if (skip.test(name)) {
                continue;
            }
            Optional<String> d = secret(name, was.get(name), is.get(name), numbering);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> secret(String name, SecretPlan a, SecretPlan b, boolean numbering) {
        if (a == null) {
            return Optional.of(name + ": not in the saved plan; the plan made now has it as "
                    + b.disposition().wire() + " (" + b.reason() + ")");
        }
        if (b == null) {
            return Optional.of(name + ": " + a.disposition().wire() + " in the saved plan, not in the plan made now");
        }
        if (a.disposition() != b.disposition()) {
            return Optional.of(name + ": " + a.disposition().wire() + " in the saved plan, "
                    + b.disposition().wire() + " now (" + b.reason() + ")");
        }
        if (!Objects.equals(a.destinationName(), b.destinationName())) {
            return Optional.of(name + ": destination name " + a.destinationName() + " in the saved plan, "
                    + b.destinationName() + " now");
        }
        if (!Objects.equals(a.type(), b.type())) {
            return Optional.of(name + ": type " + a.type() + " in the saved plan, " + b.type() + " now");
        }
        for (int i = 0; i < Math.max(a.actions().size(), b.actions().size()); i++) {
            if (i >= b.actions().size()) {
                return Optional.of(name + ": action " + label(a.actions().get(i)) + " is in the saved plan, not in the "
                        + "plan made now");
            }
            if (i >= a.actions().size()) {
                return Optional.of(name + ": the plan made now has action "
                        + label(b.actions().get(i)) + ", the saved plan does not");
            }
            String d = action(a, a.actions().get(i), b, b.actions().get(i), numbering);
            if (d != null) {
                return Optional.of(name + ": action " + label(a.actions().get(i)) + " " + d);
            }
        }
        return Optional.empty();
    }

    /**
     * The plan a resumed apply executes: for every secret the interrupted apply has not touched, the secret as
     * planned now (equal in work, as {@link #firstDifference} showed) under the saved plan's numbering; the touched
     * ones as saved, for the appliers' reconciliation, which re-reads the destination before any write.
     */
    static Plan resumed(Plan saved, Plan now, Predicate<String> touched) {
        Map<String, SecretPlan> fresh = bySource(now);
        List<SecretPlan> secrets = new ArrayList<>();
        for (SecretPlan s : saved.secrets()) {
            SecretPlan n = fresh.get(s.sourceName());
            if (touched.test(s.sourceName())
                    || n == null
                    || n.actions().size() != s.actions().size()) {
                secrets.add(s);
                continue;
            }
            List<PlannedAction> actions = new ArrayList<>();
            for (int i = 0; i < n.actions().size(); i++) {
                PlannedAction a = n.actions().get(i);
                PlannedAction numbered = s.actions().get(i);
                actions.add(new PlannedAction(
                        numbered.seq(),
                        a.side(),
                        a.region(),
                        a.secret(),
                        a.payload(),
                        a.reason(),
                        numbered.dependsOn()));
            }
            secrets.add(new SecretPlan(
                    n.sourceName(),
                    n.destinationName(),
                    n.type(),
                    n.disposition(),
                    n.reason(),
                    n.versions(),
                    actions,
                    n.diff(),
                    n.warnings(),
                    n.source()));
        }
        return new Plan(
                saved.formatVersion(),
                saved.specName(),
                saved.specSha256(),
                saved.lineage(),
                saved.serial(),
                saved.sourceRegion(),
                saved.destinationRegion(),
                now.destinationKeyId(),
                secrets,
                now.errors(),
                now.warnings(),
                saved.targets(),
                now.createdAt(),
                saved.identities());
    }

    /** What differs between two actions at the same place, or null. */
    private static String action(SecretPlan sa, PlannedAction a, SecretPlan sb, PlannedAction b, boolean numbering) {
        if (a.action() != b.action()) {
            return "is " + b.action().api() + " now";
        }
        if (numbering && a.seq() != b.seq()) {
            return "is numbered #" + b.seq() + " now";
        }
        String[][] fields = {
            {"side", a.side().name(), b.side().name()},
            {"region", a.region(), b.region()},
            {"secret", a.secret(), b.secret()},
            {"version", a.versionId(), b.versionId()},
            {"stage", a.stage(), b.stage()}
        };
        for (String[] f : fields) {
            if (!Objects.equals(f[1], f[2])) {
                return "has " + f[0] + " " + f[1] + " in the saved plan, " + f[2] + " now";
            }
        }
        if (!a.payload().equals(b.payload())) {
            return payload(a, b);
        }
        List<Integer> da = numbering ? a.dependsOn() : local(sa, a);
        List<Integer> db = numbering ? b.dependsOn() : local(sb, b);
        if (!da.equals(db)) {
            return "depends on " + a.dependsOn() + " in the saved plan, " + b.dependsOn() + " now";
        }
        return null;
    }

    /** An action's dependencies as positions within its secret's actions (or the negated seq when outside it). */
    private static List<Integer> local(SecretPlan sp, PlannedAction a) {
        List<Integer> out = new ArrayList<>();
        for (int dep : a.dependsOn()) {
            int at = -dep;
            for (int i = 0; i < sp.actions().size(); i++) {
                if (sp.actions().get(i).seq() == dep) {
                    at = i;
                }
            }
            out.add(at);
        }
        return out;
    }

    /** How two payloads differ, in the summary's words where it shows the difference. */
    private static String payload(PlannedAction a, PlannedAction b) {
        TreeSet<String> keys = new TreeSet<>(a.summary().keySet());
        keys.addAll(b.summary().keySet());
        for (String k : keys) {
            String x = a.summary().get(k);
            String y = b.summary().get(k);
            if (!Objects.equals(x, y)) {
                return "has " + param(k, x) + " in the saved plan, " + param(k, y) + " now";
            }
        }
        // The summary can hide a difference (tag keys joined with ", "): show the payloads themselves.
        return "has " + a.payload() + " in the saved plan, " + b.payload() + " now";
    }

    private static String param(String key, String value) {
        return value == null ? "no " + key : key + "=" + value;
    }

    private static String label(PlannedAction a) {
        return "#" + a.seq() + " " + a.action().api() + " " + a.region() + " " + a.secret()
                + (a.versionId() == null ? "" : " " + a.versionId());
    }

    private static Map<String, SecretPlan> bySource(Plan p) {
        Map<String, SecretPlan> out = new TreeMap<>();
        p.secrets().forEach(s -> out.put(s.sourceName(), s));
        return out;
    }
}
