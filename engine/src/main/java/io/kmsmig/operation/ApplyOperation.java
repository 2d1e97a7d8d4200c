package io.kmsmig.operation;

import io.kmsmig.apply.Applier;
import io.kmsmig.apply.ApplyEvents;
import io.kmsmig.apply.ApplyResult;
import io.kmsmig.apply.StaleCheck;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlanFile;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.Journal;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code apply}: lock the state, open the regions, read the state once, then either check a saved plan is not stale
 * (its pins, and the same work when planned again from fresh reads) or plan and ask for approval; apply, recording
 * every step in the state's journal; fold the journal into the state. Ctrl-C stops starting new actions, lets calls
 * in flight finish, and saves the state.
 */
public final class ApplyOperation {
    /** How long Ctrl-C waits for the calls in flight to finish and the state to be saved before the JVM may exit. */
    private static final long INTERRUPT_WAIT_SECONDS = 120;

    /**
     * What to apply.
     *
     * @param planFile      a plan saved with {@code plan -o}, or null to plan now
     * @param planFileShown the plan file as the user gave it, for messages
     * @param autoApprove   apply a plan made now without asking
     * @param events        the events file to append to, or null
     */
    public record Request(Path planFile, String planFileShown, boolean autoApprove, Path events) {}

    private final OperationContext ctx;
    private final ApplyView view;
    private final Interrupts interrupts;

    public ApplyOperation(OperationContext ctx, ApplyView view, Interrupts interrupts) {
        this.ctx = ctx;
        this.view = view;
        this.interrupts = interrupts;
    }

    /** Applies; empty when the user did not approve (nothing was changed). */
    public Optional<ApplyResult> run(Request req) {
        MigrationSpec s = ctx.spec();
        int p = ctx.parallelism();
        try (StateBackend.Lock lock = ctx.backend().lock("apply", ctx.lockTimeout(), view::waitingForLock);
                Regions regions = ctx.regions().open(p);
                ApplyEvents ev = new ApplyEvents(req.events())) {
            State state = States.readHoldingLock(ctx.backend(), s.name(), view);
            Plan plan;
            String planId = null;
            Instant resumeSince = null;
            if (req.planFile() != null) {
                PlanFile.Saved saved = PlanFile.read(req.planFile(), req.planFileShown());
                planId = saved.planId();
                StaleCheck.checkPins(saved.plan(), planId, s, state);
                // The planner is deterministic: plan again from the spec, the state and both regions as they are now,
                // and execute that, once it is shown to do exactly the saved plan's work.
                Set<String> targets = new LinkedHashSet<>(saved.plan().targets());
                Plan now = PlanOperation.plan(
                        s,
                        regions.connections(),
                        p,
                        targets,
                        state,
                        ctx.clock(),
                        saved.plan().identities());
                plan = StaleCheck.checkWork(saved.plan(), planId, now, s, state);
                if (!plan.applicable()) {
                    throw new KmsmigException(
                            ErrorCode.PLAN_CONFLICT,
                            "The saved plan has errors or conflicts; apply "
                                    + "refuses it. Fix them and make a new plan.");
                }
                if (StaleCheck.resuming(state, planId)) {
                    resumeSince = state.lastApply().startedAt();
                    view.resuming(planId);
                }
                view.applyingSaved(plan);
            } else {
                plan = PlanOperation.plan(s, regions.connections(), p, Set.of(), state, ctx.clock());
                view.plan(plan);
                if (!plan.applicable()) {
                    throw new KmsmigException(
                            ErrorCode.PLAN_CONFLICT,
                            "The plan has errors or conflicts (above); " + "apply refuses it. Nothing was changed.");
                }
                if (plan.hasChanges() && !req.autoApprove() && !view.approve(plan)) {
                    view.cancelled();
                    return Optional.empty();
                }
            }
            ApplyResult result = apply(regions, state, plan, planId, resumeSince, ev);
            view.applied(result, plan);
            return Optional.of(result);
        }
    }

    private ApplyResult apply(
            Regions regions, State state, Plan plan, String planId, Instant resumeSince, ApplyEvents ev) {
        Journal journal = ctx.backend().openJournal(state, ctx.spec().sha256());
        Applier applier = new Applier(
                ctx.spec(),
                regions.connections(),
                journal,
                new Applier.Options(
                        ctx.parallelism(), view.progress(regions.connections().meter()), ev, ctx.clock(), resumeSince));
        CountDownLatch done = new CountDownLatch(1);
        AutoCloseable hook = interrupts.onInterrupt(() -> {
            view.interruptReceived();
            applier.stop();
            try {
                done.await(INTERRUPT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            ApplyResult r = applier.apply(plan, planId);
            applier.fold();
            return r;
        } finally {
            journal.close();
            done.countDown();
            try {
                hook.close();
            } catch (Exception e) {
                // removing the handler cannot fail in a way that matters here
            }
        }
    }
}
