package io.kmsmig.operation;

import io.kmsmig.cutover.Cutover;
import io.kmsmig.cutover.OwnCalls;
import io.kmsmig.kms.Connections;
import io.kmsmig.kms.Versions;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlanFile;
import io.kmsmig.plan.Planner;
import io.kmsmig.plan.Targets;
import io.kmsmig.snapshot.Refresh;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code plan}: lock the state, open the regions, read the state, refresh both regions, plan, save the plan file if
 * asked, show it. Writes nothing to KMS or the state (holding the lock, it only drops journal records a crash cut
 * short).
 */
public final class PlanOperation {
    private final OperationContext ctx;
    private final PlanView view;

    public PlanOperation(OperationContext ctx, PlanView view) {
        this.ctx = ctx;
        this.view = view;
    }

    /**
     * Plans {@code targets} (all the spec selects when empty); with {@code planFile}, saves the plan there before
     * showing it, then says so.
     */
    public Plan run(Set<String> targets, Path planFile) {
        MigrationSpec s = ctx.spec();
        try (StateBackend.Lock lock = ctx.backend().lock("plan", ctx.lockTimeout(), view::waitingForLock);
                Regions regions = ctx.regions().open(ctx.parallelism())) {
            State state = States.readHoldingLock(ctx.backend(), s.name(), view);
            Plan plan = plan(s, regions.connections(), ctx.parallelism(), targets, state, ctx.clock());
            if (planFile != null) {
                PlanFile.write(planFile, plan, Versions.kmsmig());
            }
            view.plan(plan);
            if (planFile != null) {
                view.planSaved();
            }
            return plan;
        }
    }

    /**
     * Reads both regions and plans against {@code state} (read holding the state lock): the step plan and apply share,
     * and the benchmark measures.
     */
    public static Plan plan(
            MigrationSpec s, Connections c, int parallelism, Set<String> targets, State state, Clock clock) {
        return plan(s, c, parallelism, targets, state, clock, List.of());
    }

    /**
     * As above, counting the calls of {@code planners} (the identities a saved plan records it was made as) as
     * kmsmig's: the re-plan of apply, perhaps by another identity, must not find the saved plan's own reads foreign.
     */
    public static Plan plan(
            MigrationSpec s,
            Connections c,
            int parallelism,
            Set<String> targets,
            State state,
            Clock clock,
            Collection<String> planners) {
        Refresh r = Refresh.read(s, c, parallelism, state);
        Targets.check(targets, s, r.source(), state);
        Cutover cutover = new Cutover(s, c.sourceTrail(), OwnCalls.of(c, () -> state, planners), clock);
        Plan plan = Planner.plan(new Planner.Inputs(
                s,
                r.source(),
                r.destination(),
                state,
                r.preflight().errors(),
                r.preflight().resolvedKeyId(),
                targets,
                cutover,
                clock));
        // A cutover plan says who made it: its apply, perhaps by another identity, re-reads ActionTrail and must know
        // this run's reads as kmsmig's.
        if (!s.cutover().deleteSource()) {
            return plan;
        }
        Set<String> who = new TreeSet<>(c.ownPrincipals());
        who.addAll(planners);
        return plan.withIdentities(List.copyOf(who));
    }
}
