package io.kmsmig.cutover;

import io.kmsmig.kms.ActionTrailPort;
import io.kmsmig.kms.SecretType;
import io.kmsmig.kms.TrailEvent;
import io.kmsmig.plan.CutoverRules;
import io.kmsmig.plan.Disposition;
import io.kmsmig.plan.Payload;
import io.kmsmig.plan.PlannedAction;
import io.kmsmig.plan.SecretPlan;
import io.kmsmig.plan.Side;
import io.kmsmig.plan.Warning;
import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.spec.Durations;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.InFlight;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.Verification;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cutover rules (migration procedure, step 5). With {@code cutover.deleteSource: true}, an in-sync secret's
 * source is deleted (DeleteSecret with the recovery window) only when its last verify passed, the source and the
 * destination are unchanged since (fingerprints), and ActionTrail shows no use by anyone but kmsmig (its principals,
 * {@link OwnCalls}) within the quiet period. Otherwise it is blocked, with the evidence. Setting deleteSource back to false (or excluding the secret) within the recovery window
 * plans RestoreSecret.
 */
public final class Cutover implements CutoverRules {
    private final MigrationSpec spec;
    private final DeletionEvidence evidence;

    /** {@code own} tells kmsmig's own calls ({@link OwnCalls#of}). */
    public Cutover(MigrationSpec spec, ActionTrailPort trail, Supplier<OwnCalls> own, Clock clock) {
        this.spec = spec;
        this.evidence = new DeletionEvidence(spec, trail, own, clock);
    }

    @Override
    public SecretPlan decide(
            SecretPlan planned,
            SecretSnapshot source,
            Optional<SecretSnapshot> destination,
            Optional<SecretState> state) {
        if (state.isPresent()
                && !SecretType.isRam(planned.type())
                && (state.get().sourceDeletion() != null
                        || (state.get().inFlight() != null
                                && state.get().inFlight().action() == InFlight.Write.RESTORE_SECRET))) {
            // The state says kmsmig deleted it, yet it is live: a restore whose answer was lost (or one made by hand).
            return restore(
                    planned.sourceName(),
                    planned.destinationName(),
                    planned.type(),
                    "restored in "
                            + spec.source().region()
                            + " after kmsmig deleted it (an interrupted apply, or by hand); this "
                            + "records it (RestoreSecret on a live secret changes nothing)");
        }
        if (!spec.cutover().deleteSource() || SecretType.isRam(planned.type())) {
            return planned;
        }
        if (planned.disposition() == Disposition.UPDATE
                || planned.disposition() == Disposition.DRIFT
                || planned.disposition() == Disposition.IMPORT) {
            List<Warning> w = new ArrayList<>(planned.warnings());
            w.add(Warning.note(
                    "its source is kept in this cutover: apply this plan, run kmsmig verify, then plan " + "again"));
            return new SecretPlan(
                    planned.sourceName(),
                    planned.destinationName(),
                    planned.type(),
                    planned.disposition(),
                    planned.reason(),
                    planned.versions(),
                    planned.actions(),
                    planned.diff(),
                    w,
                    planned.source());
        }
        if (planned.disposition() != Disposition.IN_SYNC) {
            return planned;
        }
        Verification v = state.map(SecretState::verification).orElse(null);
        DeletionEvidence.Judgement j = evidence.judge(source, destination, v);
        List<String> blocked = j.blocked();
        List<TrailEvent> foreign = j.foreign();
        String window = Durations.format(spec.cutover().quietPeriod());
        List<Warning> warnings = new ArrayList<>();
        if (!foreign.isEmpty() && j.override() != null) {
            warnings.add(Warning.caution("DELETING DESPITE RECENT USE (cutover.ignoreRecentUse: \"" + j.override()
                    + "\"): " + DeletionEvidence.evidence(foreign)));
        }
        if (!blocked.isEmpty()) {
            return new SecretPlan(
                    planned.sourceName(),
                    planned.destinationName(),
                    planned.type(),
                    Disposition.CUTOVER_BLOCKED,
                    "the source is kept: " + String.join("; ", blocked),
                    planned.versions(),
                    List.of(),
                    List.of(),
                    List.of(),
                    source);
        }
        boolean force = spec.cutover().forceDelete();
        if (force) {
            warnings.add(Warning.caution("forceDeleteWithoutRecovery is set: this deletion cannot be undone"));
        }
        Payload.Delete deletion = force
                ? Payload.Delete.forced()
                : Payload.Delete.withWindow(spec.cutover().recoveryWindowDays());
        String evidence = "verified at " + v.at() + " against the unchanged source and destination; ActionTrail shows "
                + (foreign.isEmpty()
                        ? "no use by anyone but kmsmig"
                        : foreign.size() + (foreign.size() == 1 ? " foreign call" : " foreign calls")
                                + " (overridden by cutover.ignoreRecentUse)")
                + " in the last " + window + DeletionEvidence.ignoredNote(j.ignored());
        PlannedAction delete = new PlannedAction(
                0,
                Side.SOURCE,
                spec.source().region(),
                planned.sourceName(),
                deletion,
                evidence
                        + (force
                                ? "; no recovery window"
                                : "; restorable for " + spec.cutover().recoveryWindowDays()
                                        + " days (set deleteSource: false to restore)"),
                List.of());
        return new SecretPlan(
                planned.sourceName(),
                planned.destinationName(),
                planned.type(),
                Disposition.CUTOVER,
                "cutover: the destination is verified, the source is no longer used",
                planned.versions(),
                List.of(delete),
                List.of(),
                warnings,
                source);
    }

    @Override
    public SecretPlan pendingInSource(
            String sourceName,
            String type,
            String destinationName,
            Optional<SecretState> state,
            Optional<SecretSnapshot> destination) {
        String region = spec.source().region();
        // An in-flight RestoreSecret with no deletion recorded replaced the intent of such a DeleteSecret (the restore
        // that finishes an interrupted deletion, stopped or failed in turn): the same evidence.
        boolean interrupted = state.isPresent()
                && state.get().inFlight() != null
                && (state.get().inFlight().action() == InFlight.Write.DELETE_SECRET
                        || (state.get().inFlight().action() == InFlight.Write.RESTORE_SECRET
                                && state.get().sourceDeletion() == null));
        if (interrupted && !SecretType.isRam(type)) {
            // An apply stopped after asking KMS to delete it and before recording that: it is kmsmig's deletion.
            if (!spec.cutover().deleteSource()) {
                return restore(
                        sourceName,
                        destinationName,
                        type,
                        "an interrupted cutover deleted it, and " + "cutover.deleteSource is now false");
            }
            PlannedAction a = new PlannedAction(
                    0,
                    Side.SOURCE,
                    region,
                    sourceName,
                    spec.cutover().forceDelete()
                            ? Payload.Delete.forced()
                            : Payload.Delete.withWindow(spec.cutover().recoveryWindowDays()),
                    "an interrupted apply deleted it and stopped before recording it; this records the deletion "
                            + "(DeleteSecret on a secret already in its window changes nothing)",
                    List.of());
            return new SecretPlan(
                    sourceName,
                    destinationName,
                    type,
                    Disposition.CUTOVER,
                    "finishing an interrupted cutover",
                    List.of(),
                    List.of(a),
                    List.of(),
                    List.of(),
                    null);
        }
        if (interrupted && SecretType.isRam(type) && destination.isEmpty()) {
            // A delete-and-recreate stopped after asking KMS to delete the source and before recording it: kmsmig's
            // deletion, with nothing created yet. Skipping it as "not by kmsmig" would let the only copy be purged.
            return restore(
                    sourceName,
                    destinationName,
                    type,
                    "an earlier delete-and-recreate stopped after deleting "
                            + "the source and before creating it in "
                            + spec.destination().region() + "; restore it, then plan "
                            + "again to retry");
        }
        if (state.isPresent() && state.get().sourceDeletion() != null) {
            SecretState s = state.get();
            boolean ram = SecretType.isRam(type);
            if (ram && destination.isEmpty()) {
                return restore(
                        sourceName,
                        destinationName,
                        type,
                        "an earlier delete-and-recreate stopped after deleting "
                                + "the source and before creating it in "
                                + spec.destination().region() + "; restore it, then plan "
                                + "again to retry");
            }
            if (ram || spec.cutover().deleteSource()) {
                return new SecretPlan(
                        sourceName,
                        destinationName,
                        type,
                        Disposition.SOURCE_DELETED,
                        "deleted in " + region
                                + " by kmsmig at " + s.sourceDeletion().deletedAt() + ", restorable until "
                                + s.sourceDeletion().plannedPurge(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        null);
            }
            return restore(
                    sourceName,
                    destinationName,
                    type,
                    "cutover withdrawn (cutover.deleteSource is false) within " + "the recovery window (until "
                            + s.sourceDeletion().plannedPurge() + ")");
        }
        return new SecretPlan(
                sourceName,
                destinationName,
                type,
                Disposition.SOURCE_PENDING_DELETION,
                "pending deletion in " + region + ", and not by kmsmig: skipped. Restore it there (RestoreSecret) to "
                        + "migrate it",
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                null);
    }

    @Override
    public SecretPlan excludedWhileDeleted(String sourceName, SecretState state) {
        return restore(
                sourceName,
                state.destinationName(),
                state.type(),
                "no longer selected by the spec while its " + "cutover deletion is still restorable (until "
                        + state.sourceDeletion().plannedPurge() + ")");
    }

    private SecretPlan restore(String name, String destName, String type, String reason) {
        PlannedAction a = new PlannedAction(
                0, Side.SOURCE, spec.source().region(), name, new Payload.Restore(), reason, List.of());
        return new SecretPlan(
                name, destName, type, Disposition.RESTORE, reason, List.of(), List.of(a), List.of(), List.of(), null);
    }
}
