package io.kmsmig.cli;

import io.kmsmig.apply.ApplyEvents;
import io.kmsmig.apply.ApplyResult;
import io.kmsmig.apply.Applier;
import io.kmsmig.apply.BarProgress;
import io.kmsmig.apply.LineProgress;
import io.kmsmig.apply.Progress;
import io.kmsmig.apply.StaleCheck;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.plan.Disposition;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlanFile;
import io.kmsmig.render.Style;
import io.kmsmig.render.TextPlanRenderer;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.Journal;
import io.kmsmig.state.State;
import io.kmsmig.state.StateLock;
import io.kmsmig.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmsmig apply}: makes the destination match the plan, recording every step in the state. */
@Command(name = "apply",
        description = {
            "Apply a plan: write the destination (and, at cutover, delete the source).",
            "",
            "Without PLANFILE, plans first, shows the plan and asks for 'yes' (or --auto-approve). With PLANFILE",
            "(from 'plan -o'), applies exactly that plan without asking, after checking it is not stale: same spec,",
            "same state (lineage and serial), and the same work when planned again from fresh reads of both regions.",
            "Secrets run in parallel within the KMS quotas;",
            "values are read right before they are written and never stored. Every write is recorded in the state",
            "as intent, then as done: kill it at any moment and run it again to finish the job. Ctrl-C stops",
            "starting new actions, lets calls in flight finish, saves the state and exits 130.",
            "",
            "The state lock is an operating-system lock on <state>.lock, held while apply runs and released when",
            "the process ends, however it ends (Ctrl-C, kill -9): the next apply never needs force-unlock."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kmsmig apply -f examples/quickstart/migration.yaml",
            "  kmsmig apply -f spec.yaml plan.kmsplan --events apply-events.jsonl",
            "  kmsmig apply -f spec.yaml --auto-approve --lock-timeout 5m"})
final class ApplyCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Mixin
    SpecOption spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PLANFILE", description = "A plan saved with plan -o.")
    Path planFile;

    @Option(names = "--auto-approve", description = "Apply without asking (for pipelines, after review).")
    boolean autoApprove;

    @Mixin
    ParallelismOption parallelism;

    @Option(names = "--events", paramLabel = "FILE",
            description = "Append one JSON line per action (time, secret, action, region, result, attempt, duration).")
    Path events;

    @Mixin
    LockTimeoutOption lockTimeout;

    ApplyCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        int p = parallelism.or(s.execution().parallelism());
        var timeout = lockTimeout.get();
        if (events != null) {
            OwnFiles.refuse(cli, s, events, "--events", "apply-events.jsonl"); // it appends: a state file would be ruined
        }
        Style style = new Style(cli.color(false));
        try (StateLock lock = StateAccess.lock(cli, s, "apply", timeout);
             Workspace ws = Workspace.open(cli, s, p);
             ApplyEvents ev = new ApplyEvents(events == null ? null : cli.cwd().resolve(events))) {
            StateStore store = StateAccess.store(cli, s, spec);
            State state = StateAccess.readAndRepair(cli, store, s);
            Plan plan;
            String planId = null;
            Instant resumeSince = null;
            if (planFile != null) {
                PlanFile.Saved saved = PlanFile.read(cli.cwd().resolve(planFile), planFile.toString());
                planId = saved.planId();
                StaleCheck.checkPins(saved.plan(), planId, s, state);
                // The planner is deterministic: plan again from the spec, the state and both regions as they are now,
                // and execute that, once it is shown to do exactly the saved plan's work.
                Plan now = PlanCommand.make(cli, ws, s, p, new LinkedHashSet<>(saved.plan().targets()));
                plan = StaleCheck.checkWork(saved.plan(), planId, now, s, state);
                if (!plan.applicable()) {
                    throw new KmsmigException(ErrorCode.PLAN_CONFLICT, "The saved plan has errors or conflicts; apply "
                            + "refuses it. Fix them and make a new plan.");
                }
                if (StaleCheck.resuming(state, planId)) {
                    resumeSince = state.lastApply().startedAt();
                    cli.out().println("Resuming the interrupted apply of " + planFile + " (plan " + planId + ").");
                }
                cli.out().println("Applying saved plan " + planFile + ": " + plan.summaryLine());
            } else {
                plan = PlanCommand.make(cli, ws, s, p, Set.of(), state);
                cli.out().print(new TextPlanRenderer(style).render(plan));
                if (!plan.applicable()) {
                    throw new KmsmigException(ErrorCode.PLAN_CONFLICT, "The plan has errors or conflicts (above); "
                            + "apply refuses it. Nothing was changed.");
                }
                if (plan.hasChanges() && !autoApprove && !approved(plan)) {
                    cli.out().println("Apply cancelled. Nothing was changed.");
                    return ExitCodes.ERROR;
                }
            }
            cli.out().flush();
            ApplyResult result = run(s, ws, store, state, plan, planId, resumeSince, ev, p);
            report(result, plan, style);
            if (result.interrupted()) {
                return ExitCodes.INTERRUPTED;
            }
            return result.failed() ? ExitCodes.ERROR : ExitCodes.OK;
        }
    }

    private ApplyResult run(MigrationSpec s, Workspace ws, StateStore store, State state, Plan plan, String planId,
                            Instant resumeSince, ApplyEvents ev, int p) {
        Journal journal = store.openJournal(state, s.sha256());
        Progress progress = cli.terminal() ? new BarProgress(cli.err(), ws.connections().meter()) : new LineProgress(cli.out());
        Applier applier = new Applier(s, ws.connections(), journal,
                new Applier.Options(p, progress, ev, cli.clock(), resumeSince));
        CountDownLatch done = new CountDownLatch(1);
        AutoCloseable hook = cli.signals().onInterrupt(() -> {
            // Said at once, as Terraform does, so whoever pressed Ctrl-C knows it was heard and why exit takes a moment.
            cli.err().println("Interrupt received: no new calls start; the calls in flight finish and the state is "
                    + "saved before kmsmig exits.");
            cli.err().flush();
            applier.stop();
            try {
                done.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            ApplyResult r = applier.apply(plan, planId);
            journal.compact();
            return r;
        } finally {
            journal.close();
            cli.out().flush();
            done.countDown();
            try {
                hook.close();
            } catch (Exception e) {
                // removing the handler cannot fail in a way that matters here
            }
        }
    }

    private boolean approved(Plan plan) throws IOException {
        if (!cli.terminal()) {
            throw new KmsmigException(ErrorCode.NEEDS_APPROVAL, "kmsmig apply needs approval, and there is no terminal "
                    + "to ask on. Review the plan above, then run again with --auto-approve, or apply a saved plan: "
                    + "kmsmig plan -f " + spec.file + " -o plan.kmsplan && kmsmig apply -f " + spec.file + " plan.kmsplan");
        }
        cli.out().print("\nDo you want to apply " + plan.actions().size() + " actions? Only 'yes' will be accepted: ");
        cli.out().flush();
        String answer = cli.stdin().readLine();
        return "yes".equals(answer == null ? null : answer.trim());
    }

    private void report(ApplyResult r, Plan plan, Style style) {
        if (!r.failures().isEmpty()) {
            cli.out().println();
            cli.out().println(style.error("Failed secrets (the others went on; run apply again after fixing):"));
            r.failures().forEach((name, why) -> cli.out().println("  - " + name + ": " + why));
        }
        if (plan.secrets().stream().anyMatch(x -> x.disposition() == Disposition.DELETE_AND_RECREATE)) {
            cli.out().println("Note: deleting a RAM secret does not delete the RAM user's AccessKey pair.");
        }
        if (r.interrupted()) {
            cli.out().println("Stopped by request: calls in flight finished and the state is saved. Run apply again to "
                    + "finish.");
        }
        cli.out().println(style.bold(r.summaryLine()));
    }
}
