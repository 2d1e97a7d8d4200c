package io.kmsmig.cli;

import io.kmsmig.apply.ApplyResult;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.operation.ApplyOperation;
import io.kmsmig.operation.ApplyView;
import io.kmsmig.render.ConsoleApplyView;
import io.kmsmig.render.JsonApplyView;
import io.kmsmig.render.OutputFormat;
import io.kmsmig.render.Style;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmsmig apply}: makes the destination match the plan, recording every step in the state. */
@Command(
        name = "apply",
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
            "the process ends, however it ends (Ctrl-C, kill -9): the next apply never needs force-unlock."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kmsmig apply -f examples/quickstart/migration.yaml",
            "  kmsmig apply -f spec.yaml plan.kmsplan --events apply-events.jsonl",
            "  kmsmig apply -f spec.yaml --auto-approve --lock-timeout 5m"
        })
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

    @Option(
            names = "--events",
            paramLabel = "FILE",
            description = "Append one JSON line per action (time, secret, action, region, result, attempt, duration).")
    Path events;

    @Mixin
    LockTimeoutOption lockTimeout;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text, or json: the "
                    + "summary as one JSON document on stdout (schemas/apply.v1.schema.json), the rest on stderr.")
    OutputFormat format;

    ApplyCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        int p = parallelism.or(s.execution().parallelism());
        if (planFile == null && !autoApprove && !cli.terminal()) {
            // Said first, not after a plan nobody can approve: a pipeline's log then ends with the reason.
            String prog = cli.program();
            String file = Cli.shellWord(spec.file);
            throw new KmsmigException(
                    ErrorCode.NEEDS_APPROVAL,
                    "kmsmig apply needs approval, and there is no terminal "
                            + "to ask on; nothing was read or changed. Review the plan (" + prog + " plan -f " + file
                            + "), then run again with --auto-approve, or apply a saved plan: " + prog + " plan -f "
                            + file
                            + " -o plan.kmsplan && " + prog + " apply -f " + file + " plan.kmsplan");
        }
        boolean newEvents = events != null && !Files.exists(cli.cwd().resolve(events), LinkOption.NOFOLLOW_LINKS);
        if (events != null) {
            // it appends: a state file would be ruined
            OwnFiles.refuse(cli, s, StateAccess.files(cli, s, spec), events, "--events", "apply-events.jsonl");
        }
        if (format == OutputFormat.markdown) {
            throw new CommandLine.ParameterException(new CommandLine(this), "apply --format takes text or json");
        }
        boolean json = format == OutputFormat.json;
        ApplyView view = new ConsoleApplyView(
                json ? cli.err() : cli.out(),
                cli.err(),
                cli.stdin(),
                cli.terminal(),
                new Style(cli.color(false)),
                planFile == null ? null : planFile.toString(),
                spec.file.toString());
        if (json) {
            view = new JsonApplyView(cli.out(), view);
        }
        ApplyOperation.Request req = new ApplyOperation.Request(
                planFile == null ? null : cli.cwd().resolve(planFile),
                planFile == null ? null : planFile.toString(),
                autoApprove,
                events == null ? null : cli.cwd().resolve(events));
        Optional<ApplyResult> result;
        try {
            result = new ApplyOperation(
                            StateAccess.context(cli, s, spec, p, lockTimeout.get()), view, cli.signals()::onInterrupt)
                    .run(req);
        } finally {
            if (newEvents) {
                SandboxOutputs.record(s, cli.cwd().resolve(events));
            }
        }
        if (result.isEmpty()) {
            return ExitCodes.ERROR; // not approved
        }
        if (result.get().interrupted()) {
            return ExitCodes.INTERRUPTED;
        }
        return result.get().failed() ? ExitCodes.ERROR : ExitCodes.OK;
    }
}
