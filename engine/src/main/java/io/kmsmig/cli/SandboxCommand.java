package io.kmsmig.cli;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.WorldLock;
import io.kmsmig.emulator.world.WorldLog;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.StateBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kmsmig sandbox reset|restore-backup}: manages the embedded emulator's world for a sandbox spec. */
@Command(
        name = "sandbox",
        description = {
            "Manage the sandbox: the embedded KMS emulator a spec with a sandbox block runs against.",
            "",
            "The sandbox world starts from sandbox.world and is kept in sandbox.data between commands, so plan, apply,",
            "verify and cutover run across separate invocations. 'reset' starts over; 'restore-backup' does what the",
            "KMS console's instance backup and restore does, the manual step for secrets inside a KMS instance;",
            "'read' plays an application that still reads a source secret, which cutover then refuses to delete."
        },
        subcommands = {
            SandboxCommand.ResetCommand.class,
            SandboxCommand.RestoreBackupCommand.class,
            SandboxCommand.ReadCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kmsmig sandbox reset -f examples/quickstart/migration.yaml",
            "  kmsmig sandbox read -f examples/quickstart/migration.yaml orders/api-key",
            "  kmsmig sandbox restore-backup -f examples/quickstart/migration.yaml --instance kst-hz-demo"
        })
final class SandboxCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    SandboxCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        cli.err().println("kmsmig sandbox: give a subcommand, reset or restore-backup.");
        return ExitCodes.USAGE;
    }

    static MigrationSpec sandboxSpec(Cli cli, SpecOption spec) {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        if (!s.sandboxed()) {
            throw new KmsmigException(
                    ErrorCode.SPEC_INVALID,
                    spec.file + " has no sandbox block; kmsmig sandbox only manages "
                            + "the embedded emulator, never a real region.");
        }
        return s;
    }

    @Command(
            name = "reset",
            description = {
                "Start the sandbox over: forget its world and its state.",
                "",
                "Deletes sandbox.data (the emulator's world) and its change log, the spec's state file with its journal",
                "and backup, and the saved plans and events files that commands on this sandbox created (plan -o,",
                "apply --events), so the next command starts from sandbox.world as on a fresh clone. Takes the state lock."
            },
            footerHeading = "%nExample:%n",
            footer = "  kmsmig sandbox reset -f examples/quickstart/migration.yaml")
    static final class ResetCommand implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        HelpOption help;

        @Mixin
        SpecOption spec;

        @Mixin
        LockTimeoutOption lockTimeout;

        ResetCommand(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            MigrationSpec s = sandboxSpec(cli, spec);
            StateBackend backend = StateAccess.backend(cli, s, spec);
            List<Path> removed = new ArrayList<>();
            String forgotten = null;
            try (StateBackend.Lock lock = StateAccess.lock(cli, backend, "sandbox reset", lockTimeout.get());
                    WorldLock world = worldLock(cli, s)) {
                // A database keeps no local file: say that its state was forgotten, or "already fresh" would be wrong.
                if (backend.localFiles().isEmpty() && backend.list().contains(s.name())) {
                    forgotten = "the state in " + StateBackends.where(cli, s);
                }
                for (Path p :
                        List.of(s.sandbox().data(), WorldLog.fileFor(s.sandbox().data()))) {
                    if (Files.deleteIfExists(p)) {
                        removed.add(p);
                    }
                }
                removed.addAll(backend.reset());
                removed.addAll(SandboxOutputs.remove(s));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> gone = new ArrayList<>(
                    removed.stream().map(p -> Workspace.shown(cli, p)).toList());
            if (forgotten != null) {
                gone.add(forgotten);
            }
            cli.out()
                    .println(
                            gone.isEmpty()
                                    ? "The sandbox was already fresh: nothing to remove."
                                    : "Sandbox reset. Removed " + String.join(", ", gone) + ".");
            cli.out()
                    .println("The next command starts from "
                            + Workspace.shown(cli, s.sandbox().world()) + ".");
            return ExitCodes.OK;
        }
    }

    /** The sandbox world's lock, so a reset never deletes the world under a command that will save it again. */
    private static WorldLock worldLock(Cli cli, MigrationSpec s) {
        try {
            return WorldLock.acquire(s.sandbox().data(), Workspace.worldWait(cli));
        } catch (WorldLock.BusyException e) {
            throw new KmsmigException(ErrorCode.STATE_LOCKED, e.getMessage());
        }
    }

    @Command(
            name = "restore-backup",
            description = {
                "Back up a source KMS instance and restore it into the destination instance (sandbox only).",
                "",
                "This is the manual step the plan shows for a generic secret inside a KMS instance: in the cloud you do it",
                "in the KMS console (Instances > Backups). Here the emulator copies every secret of the source instance",
                "into destination.kmsInstanceId with its version ids, stages and values. Plan then finds them in sync."
            },
            footerHeading = "%nExample:%n",
            footer = "  kmsmig sandbox restore-backup -f examples/quickstart/migration.yaml --instance kst-hz-demo")
    static final class RestoreBackupCommand implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        HelpOption help;

        @Mixin
        SpecOption spec;

        @Option(
                names = "--instance",
                required = true,
                paramLabel = "ID",
                description = "The source KMS instance to back up.")
        String instance;

        RestoreBackupCommand(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            MigrationSpec s = sandboxSpec(cli, spec);
            try (Workspace ws = Workspace.open(cli, s, 1)) {
                List<String> names;
                try {
                    names = ws.emulator()
                            .restoreInstanceBackup(
                                    s.source().region(),
                                    instance,
                                    s.destination().region(),
                                    s.destination().kmsInstanceId(),
                                    s.destination().encryptionKeyId());
                } catch (KmsError e) {
                    throw new KmsmigException(
                            ErrorCode.PREFLIGHT_FAILED, "Cannot restore the backup: " + e.getMessage() + ".");
                }
                cli.out()
                        .println(
                                names.isEmpty()
                                        ? "Nothing to restore: " + instance + " holds no secret missing in "
                                                + s.destination().kmsInstanceId() + "."
                                        : "Restored " + names.size() + (names.size() == 1 ? " secret" : " secrets")
                                                + " from the backup of " + instance + " into "
                                                + s.destination().kmsInstanceId() + ": " + String.join(", ", names)
                                                + ".");
                cli.out()
                        .println("Next: " + cli.program() + " plan -f " + Cli.shellWord(spec.file)
                                + " shows them in sync; apply records them, verify checks them.");
                return ExitCodes.OK;
            }
        }
    }

    @Command(
            name = "read",
            description = {
                "Read a source secret as an application would, with another access key (sandbox only).",
                "",
                "GetSecretValue on the source secret, signed with an access key of the sandbox world that is not",
                "kmsmig's (by default the world's second one). The value is discarded, never printed. ActionTrail",
                "records the call, so a cutover plan within the quiet period shows the secret as still in use."
            },
            footerHeading = "%nExample:%n",
            footer = "  kmsmig sandbox read -f examples/quickstart/migration.yaml orders/api-key")
    static final class ReadCommand implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        HelpOption help;

        @Mixin
        SpecOption spec;

        @CommandLine.Parameters(index = "0", paramLabel = "NAME", description = "Source secret to read.")
        String name;

        @Option(
                names = "--as",
                paramLabel = "ACCESS_KEY_ID",
                description = "Access key of the sandbox world to sign with (default: its second one).")
        String as;

        ReadCommand(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            MigrationSpec s = sandboxSpec(cli, spec);
            String who;
            try (Workspace ws = Workspace.open(cli, s, 1)) {
                var keys = ws.emulator().world().accessKeys();
                String keyId = as != null
                        ? as
                        : keys.size() > 1 ? keys.get(1).id() : keys.get(0).id();
                var user = keys.stream()
                        .filter(k -> k.id().equals(keyId))
                        .findFirst()
                        .map(k -> k.user())
                        .orElse(null);
                ws.sourceAs(keyId).getSecretValueByStage(name, "ACSCurrent");
                who = user == null ? keyId : user + " (" + keyId + ")";
            }
            // Only now is the read's ActionTrail event on disk: a read is not a write, so the world log records its
            // event at the next write or when the workspace closes (the last save). Say so only once it is true.
            cli.out()
                    .println("Read " + name + " in " + s.source().region() + " as " + who
                            + "; the value was discarded. ActionTrail recorded the call.");
            return ExitCodes.OK;
        }
    }
}
