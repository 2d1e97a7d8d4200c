package io.kmsmig.cli;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.kms.Versions;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.FileStateBackend;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.StateTransfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmsmig state push -f SPEC FILE}: a state file becomes the state in the spec's backend. */
@Command(
        name = "push",
        description = {
            "Write a state file into the spec's state backend (e.g. move a migration to PostgreSQL).",
            "",
            "FILE is a kmsmig state file (its journal beside it is read too). push takes the state lock, then checks",
            "lineage: over an existing state it writes only a newer state of the same lineage, and refuses another",
            "lineage, a lower serial, or the same serial with other content, unless --force. The state it replaces",
            "is kept in the history (PostgreSQL) or as the .backup (a file). FILE itself is left as it is.",
            "Moving back: state pull -f SPEC FILE."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  # move a migration from its state file to PostgreSQL: point the spec's state at it, then",
            "  kmsmig state push -f spec.yaml state/hz-to-sh.state.json",
            "  kmsmig state history -f spec.yaml",
            "  kmsmig plan -f spec.yaml                     # no changes: the state moved whole"
        })
final class StatePushCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Mixin
    SpecOption spec;

    @Mixin
    LockTimeoutOption lockTimeout;

    @Parameters(index = "0", paramLabel = "FILE", description = "The state file to push.")
    Path file;

    @Option(
            names = "--force",
            description = "Replace a state of another lineage, or a newer one (save a copy first with state pull).")
    boolean force;

    StatePushCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        Path from = cli.cwd().resolve(file).toAbsolutePath().normalize();
        if (!Files.isRegularFile(from)) {
            throw new KmsmigException(
                    ErrorCode.STATE_INVALID,
                    "State file not found: " + file + " (looked at " + from + "). Give the state file to push, e.g. "
                            + "state/" + s.name() + ".state.json.");
        }
        if (s.statePath() != null && StatePullCommand.sameFile(s.statePath(), from)) {
            throw new KmsmigException(
                    ErrorCode.STATE_INVALID,
                    file + " is the spec's own state file: there is nothing to push. Point the spec's state at the "
                            + "backend to move to (e.g. state: {backend: postgres, url: ...}), then push the file.");
        }
        StateBackend source =
                new FileStateBackend(from, s.name(), cli.clock(), spec.file.toString(), Versions.kmsmig());
        State incoming = StateAccess.read(cli, source, s);
        StateBackend target = StateAccess.backend(cli, s, spec);
        try (StateBackend.Lock lock = StateAccess.lock(cli, target, "state push", lockTimeout.get())) {
            State present = StateAccess.read(cli, target, s);
            String where = StateBackends.where(cli, s);
            StateTransfer.Outcome o = StateTransfer.check(
                    present,
                    incoming,
                    "there",
                    cli.program() + " state pull -f " + Cli.shellWord(spec.file) + " saved.state.json",
                    force);
            if (o == StateTransfer.Outcome.SAME) {
                cli.out()
                        .println(where + " already holds this state (lineage " + incoming.lineage() + ", serial "
                                + incoming.serial() + "). Nothing to do.");
                return ExitCodes.OK;
            }
            State written = StateTransfer.written(present, incoming, o);
            target.replace(written);
            cli.out()
                    .println("Pushed " + file + " (lineage " + incoming.lineage() + ", serial " + incoming.serial()
                            + ", " + incoming.secrets().size() + " secrets) to " + where
                            + (o == StateTransfer.Outcome.FORCED
                                    ? ", replacing lineage " + present.lineage() + " serial " + present.serial()
                                            + " (--force)"
                                    : "")
                            + ".");
            if (written.serial() != incoming.serial()) {
                cli.out()
                        .println("Written as serial " + written.serial() + ", after the replaced state's: serials only "
                                + "grow, so the replaced state stays in `state history` (state show --serial "
                                + present.serial() + ") and plans saved against it are stale.");
            }
        }
        return ExitCodes.OK;
    }
}
