package io.kmsmig.plan;

import io.kmsmig.kms.SecretType;
import io.kmsmig.snapshot.DestinationSnapshot;
import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.snapshot.SourceSnapshot;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.Policies;
import io.kmsmig.state.InFlight;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Makes the plan: one disposition per selected secret, following the migration procedure's type table, then the
 * actions in order. A pure function of its inputs, so identical inputs give identical plans.
 */
public final class Planner {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_/+=.@-]{1,192}");

    /**
     * Everything a plan is made from.
     *
     * @param spec            the spec
     * @param source          the source snapshot
     * @param destination     the destination refresh
     * @param state           the state (possibly empty)
     * @param preflightErrors problems found by preflight checks
     * @param resolvedKeyId   the destination key's id as DescribeKey answered, or null
     * @param targets         source names to restrict the plan to, or empty
     * @param cutover         decides source deletions (cutover); never null
     * @param clock           the plan's creation time
     */
    public record Inputs(
            MigrationSpec spec,
            SourceSnapshot source,
            DestinationSnapshot destination,
            State state,
            List<String> preflightErrors,
            String resolvedKeyId,
            Set<String> targets,
            CutoverRules cutover,
            Clock clock) {}

    private Planner() {}

    public static Plan plan(Inputs in) {
        MigrationSpec spec = in.spec();
        PlanContext ctx = new PlanContext(spec, in.resolvedKeyId());
        GenericPath generic = new GenericPath(ctx);
        List<String> errors = new ArrayList<>(in.preflightErrors());
        List<Warning> warnings = new ArrayList<>();
        Map<String, List<String>> byDestination = new TreeMap<>();
        for (SecretSnapshot s : in.source().selected()) {
            byDestination
                    .computeIfAbsent(destinationName(spec, s), k -> new ArrayList<>())
                    .add(s.name());
        }
        Map<String, String> collisions = new HashMap<>();
        byDestination.forEach((dest, sources) -> {
            if (sources.size() > 1) {
                errors.add("Source secrets " + String.join(", ", sources) + " all map to destination name " + dest
                        + ". Give them distinct names with secrets.rename.map.");
                sources.forEach(src -> collisions.put(src, dest));
            }
        });
        List<SecretPlan> secrets = new ArrayList<>();
        for (SecretSnapshot s : in.source().selected()) {
            if (!in.targets().isEmpty() && !in.targets().contains(s.name())) {
                continue;
            }
            String destName = destinationName(spec, s);
            Optional<SecretState> st = in.state().secret(s.name());
            SecretPlan p;
            if (collisions.containsKey(s.name())) {
                p = ctx.conflict(s, destName, "another selected secret maps to the same destination name " + destName);
            } else if (!NAME.matcher(destName).matches()) {
                p = ctx.conflict(
                        s,
                        destName,
                        "the destination name '" + destName + "' is not a valid secret name "
                                + "(1 to 192 characters from A-Z a-z 0-9 _ / + = . - @); shorten secrets.rename.prefix");
            } else {
                p = dispose(ctx, generic, s, destName, in.destination().get(destName), st);
                if (p.disposition() == Disposition.IN_SYNC && !recorded(st)) {
                    p = new SecretPlan(
                            p.sourceName(),
                            p.destinationName(),
                            p.type(),
                            Disposition.IMPORT,
                            p.reason() + "; the state does not record it yet, so apply records it (no KMS writes)",
                            p.versions(),
                            p.actions(),
                            p.diff(),
                            p.warnings(),
                            p.source());
                }
            }
            secrets.add(in.cutover().decide(p, s, in.destination().get(destName), st));
        }
        for (var pending : in.source().pendingDeletion().entrySet()) {
            String name = pending.getKey();
            if (!in.targets().isEmpty() && !in.targets().contains(name)) {
                continue;
            }
            Optional<SecretState> st = in.state().secret(name);
            // A RAM secret is where KMS named it (from the user's display name, kms-openapi.md §19), as the state
            // recorded from the CreateSecret answer.
            String destName = SecretType.isRam(pending.getValue()) && st.isPresent()
                    ? st.get().destinationName()
                    : spec.selection().destinationName(name);
            SecretPlan p = in.cutover()
                    .pendingInSource(
                            name,
                            pending.getValue(),
                            destName,
                            st,
                            in.destination().get(destName));
            secrets.add(p); // pending deletion, not by kmsmig: its reason says what to do, once (no warning besides)
        }
        for (String name : in.source().otherPending()) {
            Optional<SecretState> st = in.state().secret(name);
            boolean targeted = in.targets().isEmpty() || in.targets().contains(name);
            if (targeted
                    && st.isPresent()
                    && st.get().sourceDeletion() != null
                    && !SecretType.isRam(st.get().type())) {
                secrets.add(in.cutover().excludedWhileDeleted(name, st.get()));
            }
        }
        for (String glob : in.source().unmatchedIncludes()) {
            warnings.add(Warning.note("secrets.include '" + glob + "' selects no secret in "
                    + spec.source().region()
                    + "."
                    + (glob.replace("**", "").contains("*")
                            ? " '*' matches within one /-separated segment of a name; "
                                    + "'**' matches across segments (orders/** selects orders/a/b)."
                            : "")));
        }
        secrets.forEach(s -> s.warnings().forEach(w -> warnings.add(w.prefixed(s.sourceName() + ": "))));
        if (!in.targets().isEmpty()) {
            warnings.add(Warning.note("Only the targeted secrets are planned (--target "
                    + String.join(
                            " ",
                            new TreeMap<>(in.targets().stream().collect(Collectors.toMap(t -> t, t -> t))).keySet())
                    + "); the others are left as they are."));
        }
        List<SecretPlan> numbered = ActionList.number(secrets.stream()
                .sorted(Comparator.comparing(SecretPlan::sourceName))
                .toList());
        State state = in.state();
        return new Plan(
                Plan.FORMAT_VERSION,
                spec.name(),
                spec.sha256(),
                state.lineage(),
                state.serial(),
                spec.source().region(),
                spec.destination().region(),
                in.resolvedKeyId(),
                numbered,
                errors,
                warnings.stream().distinct().toList(),
                in.targets().stream().sorted().toList(),
                in.clock().instant());
    }

    /**
     * Whether the state records the secret as kmsmig left the destination. A cutover DeleteSecret still in flight on a
     * live source (an apply stopped after recording the intent and before KMS applied the call) changed nothing in
     * either region: the verified record it was made on still stands, and the cutover rules decide again on that
     * evidence. Were it re-imported instead, the re-run would keep the source and a further apply would delete it.
     */
    private static boolean recorded(Optional<SecretState> st) {
        if (st.isEmpty()) {
            return false;
        }
        SecretState s = st.get();
        if (s.inFlight() != null) {
            return s.inFlight().action() == InFlight.Write.DELETE_SECRET
                    && !SecretType.isRam(s.type())
                    && s.sourceDeletion() == null
                    && s.verification() != null
                    && s.verification().passed();
        }
        return s.status() == SecretStatus.MIGRATED || s.status() == SecretStatus.VERIFIED;
    }

    /** RAM secrets keep their generated names (acs/ram/user/...); rename applies to the others. */
    static String destinationName(MigrationSpec spec, SecretSnapshot s) {
        return s.metadata().secretType() == SecretType.RAM_CREDENTIALS
                ? s.name()
                : spec.selection().destinationName(s.name());
    }

    /**
     * Plans one secret again against the destination as it is now: apply uses it to finish a secret whose earlier
     * attempt stopped midway, so nothing done is repeated. Actions are numbered from 1.
     */
    public static SecretPlan replan(
            MigrationSpec spec,
            String destinationKeyId,
            SecretSnapshot source,
            Optional<SecretSnapshot> destination,
            Optional<SecretState> state) {
        PlanContext ctx = new PlanContext(spec, destinationKeyId);
        SecretPlan p = dispose(ctx, new GenericPath(ctx), source, destinationName(spec, source), destination, state);
        return ActionList.number(List.of(p)).get(0);
    }

    private static SecretPlan dispose(
            PlanContext ctx,
            GenericPath generic,
            SecretSnapshot s,
            String destName,
            Optional<SecretSnapshot> dest,
            Optional<SecretState> st) {
        String type = s.metadata().type();
        String src = ctx.sourceRegion();
        String dst = ctx.destinationRegion();
        switch (s.metadata().secretType()) {
            case GENERIC -> {
                String instance = s.metadata().kmsInstanceId();
                if (instance != null
                        && ctx.spec().policies().instanceSecrets() == Policies.InstanceSecrets.BACKUP_RESTORE) {
                    return BackupRestorePath.plan(ctx, generic, s, destName, dest, st);
                }
                return generic.plan(
                        s,
                        destName,
                        dest,
                        st,
                        instance == null
                                ? "generic secret outside a KMS instance: re-created in " + dst + " through the API"
                                : "generic secret in KMS instance " + instance + ", re-created in " + dst
                                        + " through the API (policies.instanceSecrets: recreate)");
            }
            case RAM_CREDENTIALS -> {
                return RamPath.plan(ctx, s, destName, dest, st);
            }
            default -> {
                String what = switch (s.metadata().secretType()) {
                    case RDS -> "an ApsaraDB RDS secret follows its database instance";
                    case ECS -> "an ECS secret follows its ECS instance";
                    case REDIS -> "a Redis (Tair) secret follows its Redis instance";
                    case POLARDB -> "a PolarDB secret follows its cluster";
                    default -> "a " + type + " secret is bound to a regional resource";
                };
                return new SecretPlan(
                        s.name(),
                        destName,
                        type,
                        Disposition.NOT_REQUIRED,
                        what + " (region-specific): " + "nothing to migrate from " + src + ". Its counterpart in " + dst
                                + " belongs to the resource there.",
                        PlanContext.rows(s, "-"),
                        List.of(),
                        List.of(),
                        List.of(),
                        s);
            }
        }
    }
}
