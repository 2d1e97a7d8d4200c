package io.kmsmig.cli;

import io.kmsmig.diag.Program;
import io.kmsmig.kms.Versions;
import io.kmsmig.operation.PlanOperation;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlanFile;
import io.kmsmig.render.ConsolePlanView;
import io.kmsmig.render.MarkdownPlanRenderer;
import io.kmsmig.render.OutputFormat;
import io.kmsmig.render.PlanOutput;
import io.kmsmig.render.Style;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kmsmig plan}: reads both regions and the state, and shows what apply would do. Changes nothing. */
@Command(
        name = "plan",
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
            "Identical inputs give byte-identical output."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kmsmig plan -f examples/quickstart/migration.yaml",
            "  kmsmig plan -f spec.yaml -o plan.kmsplan --format markdown > plan.md",
            "  kmsmig plan -f spec.yaml --detailed-exitcode   # 0 no changes, 2 changes, 1 error",
            "  kmsmig plan -f spec.yaml --lock-timeout 5m      # wait while an apply holds the state"
        })
final class PlanCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Mixin
    SpecOption spec;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "PLANFILE",
            description = "Save the plan here, for apply. Never onto the spec, its state files or sandbox world.")
    Path out;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description =
                    "text (default), markdown (for a pull request comment) or json (schemas/plan.v2.schema.json).")
    OutputFormat format;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when the plan has changes, 0 when it has none.")
    boolean detailedExitCode;

    @Option(
            names = "--target",
            paramLabel = "NAME",
            arity = "1..*",
            converter = TargetName.class,
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
            OwnFiles.refuse(cli, s, StateAccess.files(cli, s, spec), out, "-o", "plan.kmsplan");
            PlanFile.target(cli.cwd().resolve(out), out.toString());
        }
        ConsolePlanView view = new ConsolePlanView(
                cli.out(),
                cli.err(),
                output(format, cli, out, s.sandboxed() ? MarkdownPlanRenderer.SANDBOX : MarkdownPlanRenderer.CLOUD),
                out == null
                        ? null
                        : "Saved the plan to " + out + ". Apply exactly this plan with: " + cli.program() + " apply -f "
                                + Cli.shellWord(spec.file) + " " + Cli.shellWord(out));
        Plan plan = new PlanOperation(StateAccess.context(cli, s, spec, p, lockTimeout.get()), view)
                .run(
                        new LinkedHashSet<>(targets),
                        out == null ? null : cli.cwd().resolve(out));
        if (out != null) {
            SandboxOutputs.record(s, cli.cwd().resolve(out));
        }
        if (!plan.applicable()) {
            return ExitCodes.ERROR;
        }
        return detailedExitCode && plan.hasChanges() ? ExitCodes.CHANGES : ExitCodes.OK;
    }

    /**
     * How plan and show print a plan in {@code format}; {@code planFile} is the saved plan, if any; {@code where}
     * what the plan ran against, for the markdown header (null: not known).
     */
    static PlanOutput output(OutputFormat format, Cli cli, Path planFile, String where) {
        return new PlanOutput(
                format,
                new Style(cli.color(false)),
                planFile == null
                        ? cli.program() + " plan -f <spec>"
                        : cli.program() + " show " + Cli.shellWord(planFile),
                Versions.kmsmig(),
                where);
    }

    /** A --target value: a source secret name, so never empty (a usage error, before anything runs). */
    static final class TargetName implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is empty; give an exact source "
                        + "secret name, e.g. --target orders/db (" + Program.name() + " plan lists the selected ones)");
            }
            return value;
        }
    }
}
