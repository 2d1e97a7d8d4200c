package io.kmsmig.apply;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kmsmig.cutover.DeletionEvidence;
import io.kmsmig.cutover.OwnCalls;
import io.kmsmig.kms.Connections;
import io.kmsmig.kms.KmsCallException;
import io.kmsmig.plan.Action;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.SecretPlan;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.InFlight;
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** What every secret's run shares: the ports, the journal, the events file, the clock, and the stop flag. */
final class ApplyContext {
    final MigrationSpec spec;
    final Plan plan;
    final Connections conn;
    final Journal journal;
    final ApplyEvents events;
    final Clock clock;
    final AtomicBoolean stopping;

    @GuardedBy("this")
    private DeletionEvidence deletionEvidence;

    private List<String> identities;

    ApplyContext(
            MigrationSpec spec,
            Plan plan,
            Connections conn,
            Journal journal,
            ApplyEvents events,
            Clock clock,
            AtomicBoolean stopping) {
        this.spec = spec;
        this.plan = plan;
        this.conn = conn;
        this.journal = journal;
        this.events = events;
        this.clock = clock;
        this.stopping = stopping;
    }

    /** Cutover's evidence, re-read before each source deletion; one per apply, so the server clock is read once. */
    synchronized DeletionEvidence deletionEvidence() {
        if (deletionEvidence == null) {
            deletionEvidence = new DeletionEvidence(
                    spec, conn.sourceTrail(), OwnCalls.of(conn, journal::current, plan.identities()), clock);
        }
        return deletionEvidence;
    }

    /**
     * Who kmsmig is in this apply (the principals of its credentials, as STS says), recorded with each secret it
     * writes. Not the identities a saved plan lists: a plan file is no seal, and the state would make them kmsmig's
     * for good ({@link OwnCalls#planners()}).
     */
    synchronized List<String> identities() {
        if (identities == null) {
            identities = List.copyOf(new TreeSet<>(conn.ownPrincipals()));
        }
        return identities;
    }

    /** The state record of a secret, or a new pending one. */
    SecretState stateOf(SecretPlan sp) {
        SecretState s = journal.secret(sp.sourceName());
        if (s != null) {
            return s;
        }
        String arn = sp.source() == null ? null : sp.source().metadata().arn();
        return SecretState.builder()
                .sourceRegion(spec.source().region())
                .sourceName(sp.sourceName())
                .sourceArn(arn)
                .destinationRegion(spec.destination().region())
                .destinationName(sp.destinationName())
                .type(sp.type())
                .disposition(sp.disposition().wire())
                .status(SecretStatus.PENDING)
                .updatedAt(clock.instant())
                .build();
    }

    /**
     * One write: recorded as intent (synced before the call), made, then recorded as done with {@code after}
     * applied; {@code run} holds each record as it is written. A failure is put in the events file and rethrown.
     */
    <T> T write(
            SecretRun run,
            int seq,
            Action action,
            String region,
            String versionId,
            String stage,
            Supplier<T> call,
            UnaryOperator<SecretState> after) {
        return write(run, seq, action, region, versionId, stage, call, (s, result) -> after.apply(s));
    }

    /**
     * As above, with {@code after} seeing the call's result, so the "done" record already holds what the call changed
     * (a deletion's planned purge): there is no moment in the journal where the write is neither in flight nor done.
     */
    <T> T write(
            SecretRun run,
            int seq,
            Action write,
            String region,
            String versionId,
            String stage,
            Supplier<T> call,
            BiFunction<SecretState, T, SecretState> after) {
        String action = write.api();
        Instant start = clock.instant();
        InFlight intent = new InFlight(seq, write.inFlight(), versionId, stage, start);
        run.state(journal.record(run.state().withIdentities(identities()).withInFlight(intent, start), true));
        try {
            T result = call.get();
            SecretState done = after.apply(run.state(), result).withInFlight(null, clock.instant());
            run.state(journal.record(done.withStatus(SecretStatus.IN_PROGRESS, action, null, clock.instant()), false));
            event(run.state().sourceName(), action, region, versionId, "ok", start, null);
            return result;
        } catch (KmsCallException e) {
            event(run.state().sourceName(), action, region, versionId, "failed", start, e.code());
            throw e;
        }
    }

    /** A read that belongs in the events file (values read for a write). */
    <T> T read(String secret, String action, String region, String versionId, Supplier<T> call) {
        Instant start = clock.instant();
        try {
            T r = call.get();
            event(secret, action, region, versionId, "ok", start, null);
            return r;
        } catch (KmsCallException e) {
            event(secret, action, region, versionId, "failed", start, e.code());
            throw e;
        }
    }

    void event(
            String secret, String action, String region, String versionId, String result, Instant start, String code) {
        events.event(
                start,
                secret,
                action,
                region,
                versionId,
                result,
                conn.guard().lastAttempts(),
                Duration.between(start, clock.instant()).toMillis(),
                code);
    }

    /** Records the final state of a secret. */
    SecretState finish(SecretState s, SecretStatus status, String errorCode) {
        SecretState f =
                s.withInFlight(null, clock.instant()).withStatus(status, s.lastAction(), errorCode, clock.instant());
        return journal.record(f, false);
    }

    /**
     * Records a secret's failure. An in-flight write to the source (a cutover's or a delete-and-recreate's DeleteSecret,
     * a RestoreSecret) is kept: it is the only record that kmsmig may have deleted the source, should the call (this
     * run's or a killed run's) have reached KMS without its answer being recorded, and this failure does not prove
     * otherwise (a read can fail after the call landed; a rejected retry says nothing of an earlier attempt). Plan and
     * the next apply reconcile it against KMS as after a kill: a live source counts as not deleted, a pending one as
     * kmsmig's interrupted deletion (restored when cutover.deleteSource is false). Writes to the destination are
     * cleared as before: the destination read by the next plan shows what they did.
     */
    SecretState fail(SecretState s, SecretStatus status, String errorCode) {
        InFlight keep = s.inFlight() != null && s.inFlight().action().sourceWrite() ? s.inFlight() : null;
        SecretState f =
                s.withInFlight(keep, clock.instant()).withStatus(status, s.lastAction(), errorCode, clock.instant());
        return journal.record(f, false);
    }
}
