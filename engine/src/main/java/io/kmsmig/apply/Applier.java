package io.kmsmig.apply;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.kms.Connections;
import io.kmsmig.kms.KmsCallException;
import io.kmsmig.parallel.ParallelRunner;
import io.kmsmig.plan.Disposition;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.SecretPlan;
import io.kmsmig.snapshot.Fingerprints;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.ApplyRecord;
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Applies a plan: one task per secret with actions, {@code parallelism} at a time; a secret's actions run in plan
 * order. A KMS error or an {@link ApplyFailure} stops that secret only. {@link #stop()} (Ctrl-C) stops starting new
 * actions; calls in flight finish and are recorded. Any other failure (a bug) stops the apply the same way and is then
 * thrown: {@link #apply} never returns or throws while a secret is still being written. A journal that cannot be
 * written (the state database lost) stops it the same way too, and what was not recorded is then thrown, by secret
 * and step ({@link JournalGuard}).
 */
public final class Applier {
    /**
     * How to apply.
     *
     * @param parallelism secrets worked on at once
     * @param progress    progress display
     * @param events      the events file
     * @param clock       the clock
     * @param resumeSince when resuming the same saved plan after a stop or crash: when that apply started; secrets
     *                    its state records show as touched since then are reconciled first. Null otherwise.
     */
    public record Options(int parallelism, Progress progress, ApplyEvents events, Clock clock, Instant resumeSince) {}

    private final MigrationSpec spec;
    private final Connections conn;
    private final JournalGuard journal;
    private final Options opts;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public Applier(MigrationSpec spec, Connections conn, Journal journal, Options opts) {
        this.spec = spec;
        this.conn = conn;
        this.journal = new JournalGuard(journal, stopping);
        this.opts = opts;
    }

    /**
     * Folds the journal into the state once {@link #apply} returned; when that fails (the state database lost), throws
     * what may not be recorded, as {@link #apply} does.
     */
    public State fold() {
        return journal.compact();
    }

    /** Stops starting new actions (Ctrl-C); {@link #apply} then returns with what was done. */
    public void stop() {
        stopping.set(true);
    }

    /** Whether no new action starts any more (after {@link #stop()} or a fatal failure). */
    boolean stopping() {
        return stopping.get();
    }

    /**
     * Applies {@code plan}. When a record cannot be written (the state's database lost, its lock's session gone), the
     * apply stops starting work, lets the calls in flight finish, and throws what was not recorded ({@link
     * JournalGuard#stopped()}).
     */
    public ApplyResult apply(Plan plan, String planId) {
        try {
            ApplyResult r = applyRecorded(plan, planId);
            if (journal.failed()) {
                throw journal.stopped();
            }
            return r;
        } catch (RuntimeException e) {
            if (journal.failed()) {
                KmsmigException stopped = journal.stopped();
                if (e != stopped.getCause()) {
                    stopped.addSuppressed(e);
                }
                throw stopped;
            }
            throw e;
        }
    }

    private ApplyResult applyRecorded(Plan plan, String planId) {
        long start = System.nanoTime();
        long calls0 = conn.meter().total();
        long retries0 = conn.meter().retries();
        long throttled0 = conn.meter().surfacedThrottles();
        if (planId != null) {
            ApplyRecord last = journal.lastApply();
            boolean resuming = last != null && planId.equals(last.planId()) && last.finishedAt() == null;
            journal.recordApply(new ApplyRecord(
                    planId,
                    plan.serial(),
                    resuming ? last.startedAt() : opts.clock().instant(),
                    null));
        }
        ApplyContext ctx = new ApplyContext(spec, plan, conn, journal, opts.events(), opts.clock(), stopping);
        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        Map<String, String> failures = new ConcurrentHashMap<>();
        opts.progress().start(plan.secrets().size());
        List<SecretPlan> work = new ArrayList<>();
        for (SecretPlan sp : plan.secrets()) {
            if (sp.actions().stream().anyMatch(a -> a.action().writes())) {
                work.add(sp);
            } else {
                Outcome o = quiet(ctx, sp);
                outcomes.put(sp.sourceName(), o);
                opts.progress().secretDone(sp.sourceName(), o, sp.disposition().wire());
            }
        }
        // One runner for the whole apply: a secret that fails fatally, or Ctrl-C, stops new secrets and new calls;
        // the calls in flight finish and are recorded before this method goes on, so the journal is not written
        // after apply returns or throws.
        try {
            new ParallelRunner(opts.parallelism(), "kmsmig-apply", stopping).map(work, sp -> {
                Outcome o = one(ctx, sp, failures);
                outcomes.put(sp.sourceName(), o);
                opts.progress()
                        .secretDone(
                                sp.sourceName(),
                                o,
                                o == Outcome.FAILED ? failures.get(sp.sourceName()) : actionCount(sp));
                return o;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            opts.progress().close();
            throw e;
        }
        for (SecretPlan sp : work) {
            if (!outcomes.containsKey(sp.sourceName())) { // stopped before its turn
                outcomes.put(sp.sourceName(), Outcome.NOT_STARTED);
                opts.progress().secretDone(sp.sourceName(), Outcome.NOT_STARTED, actionCount(sp));
            }
        }
        opts.progress().close();
        if (planId != null && !stopping.get()) {
            ApplyRecord last = journal.lastApply();
            journal.recordApply(new ApplyRecord(
                    planId, plan.serial(), last.startedAt(), opts.clock().instant()));
        }
        return new ApplyResult(
                outcomes,
                failures,
                conn.meter().total() - calls0,
                conn.meter().retries() - retries0,
                conn.meter().surfacedThrottles() - throttled0,
                stopping.get(),
                journal.persistenceNanos(),
                System.nanoTime() - start);
    }

    private static String actionCount(SecretPlan sp) {
        return sp.actions().size() + (sp.actions().size() == 1 ? " action" : " actions");
    }

    private Outcome one(ApplyContext ctx, SecretPlan sp, Map<String, String> failures) {
        if (stopping.get()) {
            return Outcome.NOT_STARTED;
        }
        SecretState before = journal.secret(sp.sourceName());
        boolean reconcile = before != null
                && (before.inFlight() != null
                        || (opts.resumeSince() != null
                                && before.updatedAt() != null
                                && !before.updatedAt().isBefore(opts.resumeSince())));
        try {
            return switch (sp.disposition()) {
                case RECREATE, UPDATE, DRIFT -> new GenericRun(ctx, sp).run(reconcile);
                case DELETE_AND_RECREATE -> new RamRun(ctx, sp).run(reconcile);
                case CUTOVER -> new SourceRun(ctx, sp).delete();
                case RESTORE -> new SourceRun(ctx, sp).restore();
                default -> Outcome.UNCHANGED;
            };
        } catch (KmsCallException | ApplyFailure e) {
            String code = e.failureCode().wire();
            failures.put(sp.sourceName(), e.getMessage());
            SecretState s = journal.secret(sp.sourceName());
            if (s != null) {
                ctx.fail(s, e instanceof ApplyFailure f && f.keepsStatus() ? s.status() : SecretStatus.FAILED, code);
            }
            return Outcome.FAILED;
        } catch (KmsmigException e) {
            if (e.code() == ErrorCode.INTERRUPTED) {
                stopping.set(true);
                return Outcome.NOT_STARTED;
            }
            throw e;
        }
    }

    /** Secrets with nothing to write: recorded as migrated when in sync, reported by disposition otherwise. */
    private Outcome quiet(ApplyContext ctx, SecretPlan sp) {
        return switch (sp.disposition()) {
            case IN_SYNC, IMPORT -> {
                SecretState s = journal.secret(sp.sourceName());
                boolean known = s != null
                        && (s.status() == SecretStatus.MIGRATED || s.status() == SecretStatus.VERIFIED)
                        && s.inFlight() == null
                        && sp.source() != null
                        && Fingerprints.content(sp.source()).equals(s.destinationDigest());
                if (!known && sp.source() != null) {
                    SecretState fresh = ctx.stateOf(sp);
                    // Verified stays verified when its verification was made against this very source.
                    boolean verified = s != null
                            && (s.status() == SecretStatus.VERIFIED
                                    || (s.verification() != null
                                            && s.verification().passed()
                                            && Fingerprints.verifiedSource(sp.source())
                                                    .equals(s.verification().sourceFingerprint())));
                    SecretStatus status = verified ? SecretStatus.VERIFIED : SecretStatus.MIGRATED;
                    ctx.finish(
                            fresh.toBuilder()
                                    .disposition(sp.disposition().wire())
                                    .stages(sp.source().stageMap())
                                    .status(status)
                                    .lastErrorCode(null)
                                    .updatedAt(opts.clock().instant())
                                    .destinationDigest(Fingerprints.content(sp.source()))
                                    .inFlight(null)
                                    .build(),
                            status,
                            null);
                }
                yield sp.disposition() == Disposition.IMPORT ? Outcome.RECORDED : Outcome.UNCHANGED;
            }
            case BACKUP_RESTORE -> Outcome.MANUAL_PENDING;
            case NOT_REQUIRED -> Outcome.NOT_REQUIRED;
            case SKIPPED, SOURCE_PENDING_DELETION -> Outcome.SKIPPED;
            default -> Outcome.UNCHANGED;
        };
    }
}
