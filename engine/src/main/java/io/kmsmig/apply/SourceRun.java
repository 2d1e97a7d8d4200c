package io.kmsmig.apply;

import io.kmsmig.kms.KmsCallException;
import io.kmsmig.kms.KmsCode;
import io.kmsmig.kms.KmsPort;
import io.kmsmig.plan.Action;
import io.kmsmig.plan.Payload;
import io.kmsmig.plan.PlannedAction;
import io.kmsmig.plan.SecretPlan;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.SourceDeletion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Cutover writes to the source: DeleteSecret with the recovery window, and RestoreSecret within it (§11). A deletion
 * first re-reads its evidence ({@link io.kmsmig.cutover.DeletionEvidence#recheck}); when it no longer holds the secret
 * fails with the reason, its source untouched and its state as it was, and the other secrets go on.
 */
final class SourceRun implements SecretRun {
    private final ApplyContext ctx;
    private final SecretPlan sp;
    private final KmsPort source;
    private SecretState state;

    SourceRun(ApplyContext ctx, SecretPlan sp) {
        this.ctx = ctx;
        this.sp = sp;
        this.source = ctx.conn.source();
    }

    Outcome delete() {
        state = ctx.stateOf(sp);
        PlannedAction a = sp.actions().get(0);
        // STYLE 19: what justified the deletion at plan time must still hold now, read fresh for this one secret.
        List<String> keep = ctx.deletionEvidence()
                .recheck(source, ctx.conn.destination(), sp.sourceName(), sp.destinationName(), state.verification());
        if (!keep.isEmpty()) {
            throw new ApplyFailure(
                    ApplyCode.CUTOVER_BLOCKED,
                    "not deleted, the source is kept (checked again right before " + "DeleteSecret): "
                            + String.join("; ", keep),
                    true);
        }
        Payload.Delete deletion = a.payload(Payload.Delete.class);
        boolean force = deletion.force();
        int window = deletion.windowDays();
        ctx.write(
                this,
                a.seq(),
                Action.DELETE_SECRET,
                a.region(),
                null,
                null,
                () -> {
                    try {
                        return source.deleteSecret(sp.sourceName(), window, force);
                    } catch (KmsCallException e) {
                        if (e.is(KmsCode.RESOURCE_IN_DELETE_WINDOW)) {
                            return source.describeSecret(sp.sourceName())
                                    .map(m -> m.plannedDeleteTime())
                                    .orElse(null);
                        }
                        throw e;
                    }
                },
                (s, planned) -> {
                    Instant now = ctx.clock.instant();
                    Instant purge = planned != null ? planned : now.plus(Duration.ofDays(window));
                    return s.withSourceDeletion(
                            new SourceDeletion(now, purge, window),
                            SecretStatus.SOURCE_DELETED,
                            Action.DELETE_SECRET.api(),
                            now);
                });
        state = ctx.finish(state, SecretStatus.SOURCE_DELETED, null);
        return Outcome.SOURCE_DELETED;
    }

    Outcome restore() {
        state = ctx.stateOf(sp);
        PlannedAction a = sp.actions().get(0);
        a.payload(Payload.Restore.class);
        SecretStatus back = state.verification() != null && state.verification().passed()
                ? SecretStatus.VERIFIED
                : SecretStatus.MIGRATED;
        ctx.write(
                this,
                a.seq(),
                Action.RESTORE_SECRET,
                a.region(),
                null,
                null,
                () -> {
                    try {
                        source.restoreSecret(sp.sourceName());
                    } catch (KmsCallException e) {
                        if (!e.is(KmsCode.RESOURCE_IN_USE)) {
                            throw e; // ResourceInUse: already restored, an earlier answer was lost
                        }
                    }
                    return null;
                },
                s -> s.withSourceDeletion(null, back, Action.RESTORE_SECRET.api(), ctx.clock.instant()));
        state = ctx.finish(state, back, null);
        return Outcome.RESTORED;
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
