package io.kmsmig.cli;

import io.kmsmig.cutover.Cutover;
import io.kmsmig.kms.Versions;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlanFile;
import io.kmsmig.plan.Planner;
import io.kmsmig.plan.Targets;
import io.kmsmig.render.JsonPlanRenderer;
import io.kmsmig.render.MarkdownPlanRenderer;
import io.kmsmig.render.Style;
import io.kmsmig.render.TextPlanRenderer;
import io.kmsmig.snapshot.Refresh;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.State;
import io.kmsmig.state.StateLock;
import io.kmsmig.state.StateStore;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kmsmig plan}: reads both regions and the state, and shows what apply would do. Changes nothing. */
@Command(name = "plan",
        description = {
            "Show what apply would do. Reads only: no KMS writes, no state writes.",
            "",
            "Holds the state lock while it reads the state (as apply and verify do), so it never reads a state an",
            "apply is writing; --lock-timeout waits for the lock instead of failing at once. Holding the lock, it",
            "drops from the journal a record a crash cut short (it says so); that changes no state.",
            "",
            "Reads the selected source secrets (metadata, version ids, stages; never a value), the destination under",
            "the mapped names, and the state, then prints the ordered actions with the reason for each. -o saves the",
            "plan for 'kmsmig apply -f SPEC PLANFILE'; it holds no secret values, so CI may keep it as an artifact.",
            "Identical inputs give byte-identical output."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kmsmig plan -f examples/quickstart/migration.yaml",
            "  kmsmig plan -f spec.yaml -o plan.kmsplan --format markdown > plan.md",
            "  kmsmig plan -f spec.yaml --detailed-exitcode   # 0 no changes, 2 changes, 1 error",
            "  kmsmig plan -f spec.yaml --lock-timeout 5m      # wait while an apply holds the state"})
final class PlanCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Mixin
    SpecOption spec;

    @Option(names = {"-o", "--out"}, paramLabel = "PLANFILE", description = "Save the plan here, for apply. Never onto the spec, its state files or sandbox world.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), markdown (for a pull request comment) or json (schemas/plan.v1.schema.json).")
    OutputFormat format;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when the plan has changes, 0 when it has none.")
    boolean detailedExitCode;

    @Option(names = "--target", paramLabel = "NAME", arity = "1..*", converter = TargetName.class,
            description = "Plan only these source secrets (exact names the spec selects; repeatable). Others are left "
                    + "as they are.")
    List<String> targets = List.of();

    @Mixin
    ParallelismOption parallelism;

    @Mixin
    LockTimeoutOption lockTimeout;

    PlanCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        int p = parallelism.or(s.execution().parallelism());
        if (out != null) {
            OwnFiles.refuse(cli, s, out, "-o", "plan.kmsplan");
            PlanFile.target(cli.cwd().resolve(out), out.toString());
        }
        try (StateLock lock = StateAccess.lock(cli, s, "plan", lockTimeout.get());
             Workspace ws = Workspace.open(cli, s, p)) {
            State state = StateAccess.readAndRepair(cli, StateAccess.store(cli, s, spec), s);
            Plan plan = make(cli, ws, s, p, new LinkedHashSet<>(targets), state);
            if (out != null) {
                PlanFile.write(cli.cwd().resolve(out), plan, Versions.kmsmig());
            }
            render(plan, format, cli, out, cli.out());
            cli.out().flush(); // the plan, then the note on stderr, in that order on a terminal
            if (out != null) {
                cli.err().println("Saved the plan to " + out + ". Apply exactly this plan with: kmsmig apply -f "
                        + spec.file + " " + out);
            }
            if (!plan.applicable()) {
                return ExitCodes.ERROR;
            }
            return detailedExitCode && plan.hasChanges() ? ExitCodes.CHANGES : ExitCodes.OK;
        }
    }

    /** Reads everything and plans; shared with apply (which plans first when given no plan file). */
    static Plan make(Cli cli, Workspace ws, MigrationSpec s, int parallelism, java.util.Set<String> targets) {
        return make(cli, ws, s, parallelism, targets, new StateStore(s.statePath(), cli.clock()).load(s.name()));
    }

    /** Plans against {@code state}, which the caller read holding the state lock. */
    static Plan make(Cli cli, Workspace ws, MigrationSpec s, int parallelism, java.util.Set<String> targets, State state) {
        Refresh r = Refresh.read(s, ws.connections(), parallelism, state);
        Targets.check(targets, s, r.source(), state);
        Cutover cutover = new Cutover(s, ws.connections().sourceTrail(), ws.connections()::ownAccessKeyIds, cli.clock());
        return Planner.plan(new Planner.Inputs(s, r.source(), r.destination(), state, r.preflight().errors(),
                r.preflight().resolvedKeyId(), targets, cutover, cli.clock()));
    }

    /** Writes the plan to {@code out} as it renders (text and JSON are streamed; markdown is bounded in size). */
    static void render(Plan plan, OutputFormat format, Cli cli, Path planFile, java.io.PrintWriter out) {
        switch (format) {
            case json -> new JsonPlanRenderer(Versions.kmsmig()).render(plan, out);
            case markdown -> out.print(new MarkdownPlanRenderer(planFile == null ? "kmsmig plan -f <spec>"
                    : "kmsmig show " + planFile).render(plan));
            default -> new TextPlanRenderer(new Style(cli.color(false))).render(plan, out);
        }
    }

    /** A --target value: a source secret name, so never empty (a usage error, before anything runs). */
    static final class TargetName implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is empty; give an exact source "
                        + "secret name, e.g. --target orders/db (kmsmig plan lists the selected ones)");
            }
            return value;
        }
    }
}
