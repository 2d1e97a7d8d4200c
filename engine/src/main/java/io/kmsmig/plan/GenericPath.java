package io.kmsmig.plan;

import io.kmsmig.snapshot.Fingerprints;
import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.snapshot.VersionSnapshot;
import io.kmsmig.state.SecretState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The procedure for a generic secret re-created through the API (migration procedure, step 3): CreateSecret with
 * the oldest version and identical metadata, PutSecretValue for each later version in creation order, then the
 * fewest UpdateSecretVersionStage calls. For a destination that already exists, only what is missing or different.
 */
final class GenericPath {
    private final PlanContext ctx;

    GenericPath(PlanContext ctx) {
        this.ctx = ctx;
    }

    SecretPlan plan(
            SecretSnapshot src,
            String destName,
            Optional<SecretSnapshot> dest,
            Optional<SecretState> state,
            String createReason) {
        return dest.isEmpty() ? create(src, destName, createReason) : existing(src, destName, dest.get(), state);
    }

    private SecretPlan create(SecretSnapshot src, String destName, String reason) {
        List<VersionSnapshot> versions = src.versions();
        VersionSnapshot first = versions.get(0);
        List<String> rest = versions.subList(1, versions.size()).stream()
                .map(VersionSnapshot::versionId)
                .toList();
        Optional<StagePlan> stages = StagePlanner.plan(
                Map.of(StageModel.CURRENT, first.versionId()), Set.of(first.versionId()), rest, src.stageMap());
        if (stages.isEmpty()) {
            return ctx.conflict(
                    src,
                    destName,
                    "the source's stage labels cannot be reproduced: it has no ACSCurrent "
                            + "version. Give one version ACSCurrent in the source, then plan again.");
        }
        ActionList out = ctx.destinationActions(destName);
        var m = src.metadata();
        out.add(
                new Payload.Create(
                        m.secretType(),
                        first.versionId(),
                        ctx.instanceId(),
                        ctx.keyId(),
                        m.description(),
                        m.tags(),
                        src.policy() != null),
                first.versionId() + " is the oldest version; CreateSecret makes it ACSCurrent");
        puts(src, rest, stages.get(), out);
        List<VersionRow> rows = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            VersionSnapshot v = versions.get(i);
            rows.add(new VersionRow(
                    v.versionId(),
                    v.createTime(),
                    v.stages(),
                    "absent",
                    i == 0 ? Action.CREATE_SECRET.api() : Action.PUT_SECRET_VALUE.api()));
        }
        return new SecretPlan(
                src.name(),
                destName,
                m.type(),
                Disposition.RECREATE,
                reason,
                rows,
                out.list(),
                List.of(),
                uncertainty(stages.get()),
                src);
    }

    private SecretPlan existing(SecretSnapshot src, String destName, SecretSnapshot dest, Optional<SecretState> state) {
        String problem = ctx.destinationProblem(src, dest);
        if (problem != null) {
            return ctx.conflict(src, destName, problem);
        }
        Set<String> present = new HashSet<>(dest.versionIds());
        List<String> extra = dest.versionIds().stream()
                .filter(id -> src.version(id).isEmpty())
                .sorted()
                .toList();
        if (!extra.isEmpty()) {
            return ctx.conflict(
                    src,
                    destName,
                    "the destination holds version(s) " + String.join(", ", extra)
                            + " that the source lacks. kmsmig never deletes destination versions: delete the destination "
                            + "secret in " + ctx.destinationRegion()
                            + ", or map this secret to another name (secrets.rename), "
                            + "then plan again.");
        }
        List<String> missing = new ArrayList<>();
        boolean seenPresentAfterMissing = false;
        for (VersionSnapshot v : src.versions()) {
            if (!present.contains(v.versionId())) {
                missing.add(v.versionId());
            } else if (!missing.isEmpty()) {
                seenPresentAfterMissing = true;
            }
        }
        if (seenPresentAfterMissing) {
            return ctx.conflict(
                    src,
                    destName,
                    "the destination lacks older version(s) " + String.join(", ", missing)
                            + " but has newer ones; versions cannot be inserted out of order. Delete the destination secret "
                            + "and plan again to re-create it whole.");
        }
        Optional<StagePlan> stages = StagePlanner.plan(dest.stageMap(), present, missing, src.stageMap());
        if (stages.isEmpty()) {
            return ctx.conflict(
                    src,
                    destName,
                    "the destination's stage labels cannot be made equal to the source's "
                            + "(ACSPrevious can be moved but never removed, and the source has none). Delete the destination "
                            + "secret and plan again.");
        }
        ActionList out = ctx.destinationActions(destName);
        puts(src, missing, stages.get(), out);
        MetadataDiff.actions(src, dest, out);
        List<PlannedAction> actions = out.list();
        List<VersionRow> rows = new ArrayList<>();
        for (VersionSnapshot v : src.versions()) {
            Optional<VersionSnapshot> d = dest.version(v.versionId());
            String happens = d.isEmpty()
                    ? Action.PUT_SECRET_VALUE.api()
                    : d.get().stages().equals(v.stages()) ? "nothing" : "labels";
            rows.add(new VersionRow(
                    v.versionId(),
                    v.createTime(),
                    v.stages(),
                    d.map(x -> "present " + x.stages()).orElse("absent"),
                    happens));
        }
        if (actions.isEmpty()) {
            return new SecretPlan(
                    src.name(),
                    destName,
                    src.metadata().type(),
                    Disposition.IN_SYNC,
                    "the destination matches the source",
                    rows,
                    List.of(),
                    List.of(),
                    List.of(),
                    src);
        }
        boolean ours = state.map(s -> Fingerprints.content(dest).equals(s.destinationDigest()))
                .orElse(false);
        Disposition d = ours ? Disposition.UPDATE : Disposition.DRIFT;
        String reason = ours
                ? "the source changed since it was migrated (allowed before cutover): "
                        + (missing.isEmpty() ? "" : "new version(s) " + String.join(", ", missing) + " are appended; ")
                        + "the destination is brought level, never re-created"
                : "the destination differs from the source and from what kmsmig left there: it changed outside "
                        + "kmsmig; these actions correct it";
        return new SecretPlan(
                src.name(),
                destName,
                src.metadata().type(),
                d,
                reason,
                rows,
                actions,
                MetadataDiff.unified(src, dest),
                uncertainty(stages.get()),
                src);
    }

    /** PutSecretValue per version in creation order, then the stage calls. */
    private static void puts(SecretSnapshot src, List<String> versionIds, StagePlan plan, ActionList out) {
        for (int i = 0; i < versionIds.size(); i++) {
            String v = versionIds.get(i);
            PutMode mode = plan.modes().get(i);
            String reason;
            if (mode.defaultStaging()) {
                reason = "default staging: " + v + " becomes ACSCurrent, the previous ACSCurrent ACSPrevious";
            } else if (mode.labels().stream()
                    .allMatch(l -> v.equals(src.stageMap().get(l)))) {
                reason = "explicit stages leave ACSCurrent and ACSPrevious where they are";
            } else {
                String label = mode.labels().get(0);
                reason = "borrows " + label + " so " + v + " does not become ACSCurrent; "
                        + (StagePlanner.TEMP.equals(label)
                                ? "the label is removed at the end"
                                : src.stageMap().get(label) + " takes it back")
                        + ", leaving " + v + " without a label as in the source";
            }
            out.add(new Payload.Put(v, Optional.ofNullable(mode.labels())), reason);
        }
        Map<String, String> want = new TreeMap<>(src.stageMap());
        for (StageOp op : plan.ops()) {
            if (op.remove()) {
                out.add(
                        new Payload.MoveStage(op.label(), op.version(), null),
                        StagePlanner.TEMP.equals(op.label())
                                ? "the temporary label only let " + op.version()
                                        + " be put without becoming ACSCurrent; the source has no such label"
                                : op.version() + " does not carry " + op.label() + " in the source");
            } else {
                out.add(
                        new Payload.MoveStage(op.label(), null, op.version()),
                        op.version().equals(want.get(op.label()))
                                ? op.version() + " carries " + op.label() + " in the source"
                                : "moves " + op.label());
            }
        }
    }

    private static List<Warning> uncertainty(StagePlan plan) {
        return plan.certain()
                ? List.of()
                : List.of(Warning.note("ACSCurrent is moved explicitly, and whether KMS then "
                        + "gives its old holder ACSPrevious is UNCONFIRMED. apply re-reads the labels and corrects them; "
                        + "if KMS leaves an ACSPrevious the source does not have (it cannot be removed), this secret fails with that "
                        + "explanation."));
    }
}
