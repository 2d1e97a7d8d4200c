package io.kmsmig.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A plan: plain data, what will happen and why, and what it was made against (the state's lineage and serial,
 * the spec's hash, the source fingerprint inside each {@link SecretPlan}). Immutable; safe to render, save and
 * apply. Holds no secret value.
 *
 * @param formatVersion     plan format version
 * @param specName          the spec's name
 * @param specSha256        SHA-256 of the spec file
 * @param lineage           the state's lineage, or null when there was no state yet
 * @param serial            the state's serial (0 when there was none)
 * @param sourceRegion      source region id
 * @param destinationRegion destination region id
 * @param destinationKeyId  the destination key's id as DescribeKey answered (the spec may name an alias), or null
 * @param secrets           every selected secret, by source name
 * @param errors            problems that stop apply (preflight, collisions); empty when applicable
 * @param warnings          things a reviewer should know
 * @param targets           the --target names, or empty for all
 * @param createdAt         when the plan was made (the one field that differs between identical plans)
 * @param identities        the principals the planning run signed as (RAM user or role ARNs), sorted; set by cutover
 *                          plans only, so that the apply of a plan made by another identity (a pipeline's read-only
 *                          plan job) knows the plan's ActionTrail reads were kmsmig's. Empty otherwise.
 */
public record Plan(
        int formatVersion,
        String specName,
        String specSha256,
        String lineage,
        long serial,
        String sourceRegion,
        String destinationRegion,
        String destinationKeyId,
        List<SecretPlan> secrets,
        List<String> errors,
        List<Warning> warnings,
        List<String> targets,
        Instant createdAt,
        List<String> identities) {
    /** Plan JSON format; 2 added the typed payload of each action (plans of format 1 are refused: make them again). */
    public static final int FORMAT_VERSION = 2;

    public Plan {
        secrets = secrets.stream()
                .sorted(Comparator.comparing(SecretPlan::sourceName))
                .toList();
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        targets = List.copyOf(targets);
        identities = identities == null ? List.of() : List.copyOf(new TreeSet<>(identities));
    }

    /** A plan without recorded identities. */
    public Plan(
            int formatVersion,
            String specName,
            String specSha256,
            String lineage,
            long serial,
            String sourceRegion,
            String destinationRegion,
            String destinationKeyId,
            List<SecretPlan> secrets,
            List<String> errors,
            List<Warning> warnings,
            List<String> targets,
            Instant createdAt) {
        this(
                formatVersion,
                specName,
                specSha256,
                lineage,
                serial,
                sourceRegion,
                destinationRegion,
                destinationKeyId,
                secrets,
                errors,
                warnings,
                targets,
                createdAt,
                List.of());
    }

    /** This plan, recording that it was made as {@code principals}. */
    public Plan withIdentities(List<String> principals) {
        return new Plan(
                formatVersion,
                specName,
                specSha256,
                lineage,
                serial,
                sourceRegion,
                destinationRegion,
                destinationKeyId,
                secrets,
                errors,
                warnings,
                targets,
                createdAt,
                principals);
    }

    /** Every action, in seq order. */
    public List<PlannedAction> actions() {
        List<PlannedAction> all = new ArrayList<>();
        secrets.forEach(s -> all.addAll(s.actions()));
        all.sort(Comparator.comparingInt(PlannedAction::seq));
        return all;
    }

    /** Whether applying it would do anything (a pending manual step counts). */
    public boolean hasChanges() {
        return secrets.stream().anyMatch(s -> !s.actions().isEmpty());
    }

    public boolean destructive() {
        return actions().stream().anyMatch(a -> a.action().destructive());
    }

    public List<SecretPlan> conflicts() {
        return secrets.stream()
                .filter(s -> s.disposition() == Disposition.CONFLICT)
                .toList();
    }

    /** Whether apply may run it: no errors and no conflicts. */
    public boolean applicable() {
        return errors.isEmpty() && conflicts().isEmpty();
    }

    /** Secrets per disposition, every disposition present (zeros included), in declaration order. */
    public Map<Disposition, Integer> byDisposition() {
        Map<Disposition, Integer> out = new EnumMap<>(Disposition.class);
        for (Disposition d : Disposition.values()) {
            out.put(d, 0);
        }
        secrets.forEach(s -> out.merge(s.disposition(), 1, Integer::sum));
        return out;
    }

    /** Actions per API name, sorted. */
    public Map<String, Integer> byAction() {
        Map<String, Integer> out = new TreeMap<>();
        actions().forEach(a -> out.merge(a.action().api(), 1, Integer::sum));
        return out;
    }

    /**
     * The summary line, one shape whatever the plan holds, every category always counted so that a pipeline's regex
     * gate never meets a missing field: {@code Plan: N to create, N to update, N to delete-and-recreate, N to delete,
     * N to restore, N manual, N not required, N skipped, N in sync, N to record in state, N already deleted, N cutover
     * blocked, N conflicts.} Every selected secret is in exactly one category. Apply's line uses the same words.
     */
    public String summaryLine() {
        Map<Disposition, Integer> d = byDisposition();
        return "Plan: " + d.get(Disposition.RECREATE) + " to create, "
                + (d.get(Disposition.UPDATE) + d.get(Disposition.DRIFT)) + " to update, "
                + d.get(Disposition.DELETE_AND_RECREATE) + " to delete-and-recreate, "
                + d.get(Disposition.CUTOVER) + " to delete, "
                + d.get(Disposition.RESTORE) + " to restore, "
                + d.get(Disposition.BACKUP_RESTORE) + " manual, "
                + d.get(Disposition.NOT_REQUIRED) + " not required, "
                + (d.get(Disposition.SKIPPED) + d.get(Disposition.SOURCE_PENDING_DELETION)) + " skipped, "
                + d.get(Disposition.IN_SYNC) + " in sync, "
                + d.get(Disposition.IMPORT) + " to record in state, "
                + d.get(Disposition.SOURCE_DELETED) + " already deleted, "
                + d.get(Disposition.CUTOVER_BLOCKED) + " cutover blocked, "
                + d.get(Disposition.CONFLICT) + " conflicts.";
    }

    /** The line above the summary when nothing would change, or empty: {@code No changes. Destination matches ...}. */
    public String noChangesLine() {
        return !hasChanges() && applicable() ? "No changes. Destination matches the source." : "";
    }
}
