package io.kmsmig.cli;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.formats.FilePaths;
import io.kmsmig.kms.Versions;
import io.kmsmig.render.OutputFormat;
import io.kmsmig.render.StateRenderer;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.FileStateBackend;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.StateTransfer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmsmig state pull -f SPEC [FILE]}: the state in the spec's backend, as a state file or on stdout. */
@Command(
        name = "pull",
        description = {
            "Read the state from the spec's state backend into a state file, or print it (without FILE).",
            "",
            "The output is a kmsmig state file, byte for byte what push takes: a backup, or the way back from",
            "PostgreSQL to a file. Into an existing FILE, pull takes that file's lock and checks lineage as push does",
            "(refusing another lineage or a newer state there unless --force); the file it replaces is kept as",
            "FILE.backup. Never a secret value: the state holds none."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kmsmig state pull -f spec.yaml > backup.state.json",
            "  # move a migration back to its state file: pull, then point state: at the file",
            "  kmsmig state pull -f spec.yaml state/hz-to-sh.state.json"
        })
final class StatePullCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Mixin
    SpecOption spec;

    @Mixin
    LockTimeoutOption lockTimeout;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Where to write it; stdout if none.")
    Path file;

    @Option(names = "--force", description = "Replace a state file of another lineage, or a newer one.")
    boolean force;

    StatePullCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        StateBackend source = StateAccess.backend(cli, s, spec);
        if (file != null) {
            OwnFiles.refuse(cli, s, source, file, "state pull", "saved.state.json");
        }
        State state = StateAccess.read(cli, source, s);
        if (!state.exists()) {
            throw new KmsmigException(
                    ErrorCode.STATE_INVALID,
                    "There is no state to pull: " + StateBackends.where(cli, s) + " holds none (nothing was applied, "
                            + "or it is in another workspace or schema).");
        }
        if (file == null) {
            cli.out().print(StateRenderer.list(state, OutputFormat.json));
            return ExitCodes.OK;
        }
        Path to = cli.cwd().resolve(file).toAbsolutePath().normalize();
        StateBackend target = new FileStateBackend(to, s.name(), cli.clock(), spec.file.toString(), Versions.kmsmig());
        try (StateBackend.Lock lock = StateAccess.lock(cli, target, "state pull", lockTimeout.get())) {
            State present = StateAccess.read(cli, target, s);
            StateTransfer.Outcome o =
                    StateTransfer.check(present, state, file.toString(), "cp " + file + " keep.json", force);
            if (o == StateTransfer.Outcome.SAME) {
                cli.out()
                        .println(file + " already holds this state (lineage " + state.lineage() + ", serial "
                                + state.serial() + "). Nothing to do.");
                return ExitCodes.OK;
            }
            target.replace(state);
        }
        cli.out()
                .println("Pulled the state of " + StateBackends.where(cli, s) + " (lineage " + state.lineage()
                        + ", serial " + state.serial() + ", " + state.secrets().size() + " secrets) into " + file
                        + ".");
        return ExitCodes.OK;
    }

    /** Whether two paths name one file (a link, another spelling). */
    static boolean sameFile(Path a, Path b) {
        try {
            return FilePaths.real(a).equals(FilePaths.real(b)) || (Files.exists(a) && Files.isSameFile(a, b));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
