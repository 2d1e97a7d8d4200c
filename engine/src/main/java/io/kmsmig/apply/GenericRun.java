package io.kmsmig.apply;

import io.kmsmig.kms.KmsCallException;
import io.kmsmig.kms.KmsCode;
import io.kmsmig.kms.KmsPort;
import io.kmsmig.kms.SecretArn;
import io.kmsmig.kms.SecretValue;
import io.kmsmig.plan.Action;
import io.kmsmig.plan.Disposition;
import io.kmsmig.plan.PlannedAction;
import io.kmsmig.plan.Planner;
import io.kmsmig.plan.SecretPlan;
import io.kmsmig.snapshot.Fingerprints;
import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.snapshot.Snapshotter;
import io.kmsmig.snapshot.VersionSnapshot;
import io.kmsmig.state.MigratedVersion;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes one generic secret to the destination: the planned CreateSecret, PutSecretValue, stage and metadata
 * calls, each value read from the source right before it is written and dropped when the secret is done. When an
 * earlier attempt stopped midway, or a call's outcome is ambiguous, it re-reads the destination and re-plans the
 * rest, so nothing done is repeated. Stage labels are re-read after planned stage moves and corrected if KMS
 * behaved otherwise than modelled.
 */
final class GenericRun implements SecretRun {
    /** Rounds of re-plan-and-execute before a secret is given up as failed. */
    private static final int MAX_ROUNDS = 3;

    private final ApplyContext ctx;
    private final SecretPlan sp;
    private final SecretSnapshot src;
    private final KmsPort source;
    private final KmsPort dest;
    private final Map<String, SecretValue> values = new HashMap<>();
    private SecretState state;

    GenericRun(ApplyContext ctx, SecretPlan sp) {
        this.ctx = ctx;
        this.sp = sp;
        this.src = sp.source();
        this.source = ctx.conn.source();
        this.dest = ctx.conn.destination();
    }

    /** Runs the secret; {@code reconcile} re-reads the destination first (resume after a stop or crash). */
    Outcome run(boolean reconcile) {
        state = ctx.stateOf(sp);
        List<PlannedAction> actions = reconcile ? replan() : sp.actions();
        try {
            for (int round = 0; actions != null; round++) {
                if (round >= MAX_ROUNDS) {
                    throw new ApplyFailure(
                            ApplyCode.STAGES_DIVERGE,
                            "the destination still differs from the source after " + MAX_ROUNDS
                                    + " rounds of corrections");
                }
                Boolean rest = execute(actions);
                if (rest == null) {
                    return Outcome.NOT_STARTED;
                }
                actions = rest || needsStageCheck(actions) ? converge() : null;
            }
            List<MigratedVersion> versions = new ArrayList<>();
            for (VersionSnapshot v : src.versions()) {
                versions.add(new MigratedVersion(v.versionId(), v.createTime(), migratedAt(v.versionId())));
            }
            SecretState s = state;
            SecretState done = s.toBuilder()
                    .destinationArn(s.destinationArn() != null ? s.destinationArn() : destinationArn())
                    .disposition(sp.disposition().wire())
                    .versions(versions)
                    .stages(src.stageMap())
                    .status(SecretStatus.MIGRATED)
                    .lastErrorCode(null)
                    .updatedAt(ctx.clock.instant())
                    .destinationDigest(Fingerprints.content(src))
                    .inFlight(null)
                    .build();
            state = ctx.finish(done, SecretStatus.MIGRATED, null);
            return Outcome.MIGRATED;
        } finally {
            values.clear();
        }
    }

    /**
     * Executes actions in order. Returns null when stopped by Ctrl-C before finishing, true when the outcome of a
     * call was ambiguous and the rest must be re-planned from the destination, false when all went as planned.
     */
    private Boolean execute(List<PlannedAction> actions) {
        for (PlannedAction a : actions) {
            if (ctx.stopping.get()) {
                return null;
            }
            try {
                one(a);
            } catch (KmsCallException e) {
                if (a.action() == Action.CREATE_SECRET && e.is(KmsCode.RESOURCE_EXIST)) {
                    adopt();
                    return true;
                }
                if (a.action() == Action.UPDATE_SECRET_VERSION_STAGE
                        && !e.retryable()
                        && e.kind() != KmsCallException.Kind.AUTH) {
                    return true; // e.g. a removal repeated after a dropped answer: re-read and see
                }
                if (a.action() == Action.PUT_SECRET_VALUE && e.is(KmsCode.RESOURCE_EXIST)) {
                    throw new ApplyFailure(
                            e.failureCode(),
                            "version " + a.versionId() + " already exists in the destination "
                                    + "with other content. kmsmig never overwrites a version: delete the destination secret, "
                                    + "or map this secret to another name, then plan again");
                }
                throw e;
            }
        }
        return false;
    }

    private void one(PlannedAction a) {
        a.payload().accept(new GenericCalls(ctx, this, a));
    }

    /** The source's secret policy as planned against (the plan's source fingerprint), or null. */
    String sourcePolicy() {
        return src.policy();
    }

    String destinationName() {
        return sp.destinationName();
    }

    /** The value of a source version, read once per apply of this secret (§7 GetSecretValue by VersionId). */
    SecretValue value(String versionId) {
        return values.computeIfAbsent(
                versionId,
                v -> ctx.read(
                        sp.sourceName(),
                        "GetSecretValue",
                        ctx.spec.source().region(),
                        v,
                        () -> source.getSecretValue(sp.sourceName(), v)));
    }

    /**
     * CreateSecret answered Rejected.ResourceExist: an earlier attempt created it (its answer was lost), or someone
     * else did. It is adopted only if it is ours: a generic secret in the destination instance whose first version
     * is the source's first version with the same value.
     */
    private void adopt() {
        SecretSnapshot d = Snapshotter.readOne(dest, sp.destinationName(), false)
                .orElseThrow(() -> new ApplyFailure(
                        KmsCode.RESOURCE_EXIST, "CreateSecret said the secret exists, but it cannot be read"));
        String first = src.versions().get(0).versionId();
        boolean shape = d.metadata().generic()
                && ctx.spec.destination().kmsInstanceId().equals(d.metadata().kmsInstanceId())
                && d.version(first).isPresent()
                && d.versionIds().stream().allMatch(id -> src.version(id).isPresent());
        if (!shape
                || !value(first)
                        .sameAs(ctx.read(
                                sp.sourceName(),
                                "GetSecretValue",
                                ctx.spec.destination().region(),
                                first,
                                () -> dest.getSecretValue(sp.destinationName(), first)))) {
            throw new ApplyFailure(
                    KmsCode.RESOURCE_EXIST,
                    "a secret named " + sp.destinationName() + " already exists in "
                            + ctx.spec.destination().region()
                            + " and was not created by kmsmig from this source. Delete it, or "
                            + "map this secret to another name (secrets.rename), then plan again");
        }
    }

    /** Re-reads the destination and plans the rest; null when nothing is left. */
    private List<PlannedAction> replan() {
        Optional<SecretSnapshot> d = Snapshotter.readOne(dest, sp.destinationName(), src.policy() != null);
        SecretPlan p = Planner.replan(ctx.spec, keyId(), src, d, Optional.ofNullable(state));
        if (p.disposition() == Disposition.CONFLICT) {
            throw new ApplyFailure(ApplyCode.CONFLICT, p.reason());
        }
        return p.disposition() == Disposition.IN_SYNC ? null : p.actions();
    }

    /**
     * After stage moves: re-read ListSecretVersionIds (one call; §9 behaviour is partly UNCONFIRMED). When the
     * labels are the source's, done; otherwise re-plan the corrections from the destination as it is.
     */
    private List<PlannedAction> converge() {
        List<VersionSnapshot> now = ctx.read(
                sp.sourceName(),
                "ListSecretVersionIds",
                ctx.spec.destination().region(),
                null,
                () -> Snapshotter.versions(dest, sp.destinationName()));
        Map<String, String> labels = new TreeMap<>();
        now.forEach(v -> v.stages().forEach(l -> labels.put(l, v.versionId())));
        boolean same = labels.equals(src.stageMap())
                && now.stream()
                        .map(VersionSnapshot::versionId)
                        .sorted()
                        .toList()
                        .equals(src.versionIds().stream().sorted().toList());
        return same ? null : replan();
    }

    private static boolean needsStageCheck(List<PlannedAction> actions) {
        return actions.stream().anyMatch(a -> a.action() == Action.UPDATE_SECRET_VERSION_STAGE);
    }

    private String keyId() {
        return ctx.plan.destinationKeyId() != null
                ? ctx.plan.destinationKeyId()
                : ctx.spec.destination().encryptionKeyId();
    }

    /** The source's ARN (KMS's answer, read by SecretArn) moved to the destination's region and name. */
    private String destinationArn() {
        String account =
                sp.source().metadata().secretArn().map(SecretArn::account).orElse("");
        return new SecretArn(ctx.spec.destination().region(), account, sp.destinationName()).toString();
    }

    private Instant migratedAt(String versionId) {
        return state.versions().stream()
                .filter(v -> v.versionId().equals(versionId))
                .findFirst()
                .map(MigratedVersion::destinationCreated)
                .orElse(null);
    }

    SecretState withVersion(SecretState s, String versionId) {
        List<MigratedVersion> vs = new ArrayList<>(s.versions());
        vs.removeIf(v -> v.versionId().equals(versionId));
        vs.add(new MigratedVersion(
                versionId,
                src.version(versionId).map(VersionSnapshot::createTime).orElse(null),
                ctx.clock.instant()));
        return s.toBuilder()
                .destinationArn(s.destinationArn() != null ? s.destinationArn() : destinationArn())
                .versions(vs)
                .build();
    }

    @Override
    public SecretState state() {
        return state;
    }

    @Override
    public void state(SecretState recorded) {
        state = recorded;
    }
}
