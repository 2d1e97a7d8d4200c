package io.kmsmig.cli;

import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.StateLock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kmsmig force-unlock -f SPEC LOCK_ID}: releases a stuck state lock, only the one it names. */
@Command(
        name = "force-unlock",
        description = {
            "Clear a state lock left on a file system without working file locks, or a PostgreSQL lock's holder row.",
            "",
            "The state lock is an operating-system lock (a file state) or a PostgreSQL session advisory lock: it is",
            "released when its process or database session ends, however it ends, so after Ctrl-C, kill -9 or a lost",
            "runner just run the command again. force-unlock is for file systems without working locks (some network",
            "mounts), where kmsmig falls back to the lock file's contents and reports a lock whose process is gone as",
            "stale, with this command and the lock id; on PostgreSQL it clears the holder row a dead session left.",
            "LOCK_ID is a nonce: the command clears the lock it names and no other. It never takes a lock from a",
            "process or session that still holds it."
        },
        footerHeading = "%nExample:%n",
        footer = "  kmsmig force-unlock -f spec.yaml 2f0c6a9e-0a4f-4c9b-9d87-5b1c1f7d7a11")
final class ForceUnlockCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Mixin
    SpecOption spec;

    @Parameters(index = "0", paramLabel = "LOCK_ID", description = "The lock id kmsmig printed.")
    String lockId;

    ForceUnlockCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        StateLock.Released r = StateAccess.backend(cli, s, spec).forceUnlock(lockId);
        StateLock.Holder h = r.holder();
        if (r.wasHeld()) {
            cli.out()
                    .println("Released the state lock " + lockId + " (" + h.operation() + " by pid " + h.pid() + " on "
                            + h.host() + ").");
        } else {
            cli.out()
                    .println("The state is not locked: "
                            + (h == null
                                    ? "no process holds it"
                                    : "the lock of " + h.operation() + " by pid " + h.pid() + " on " + h.host()
                                            + " was released when " + "that process ended")
                            + ". Nothing to do; the next command takes the lock.");
        }
        return ExitCodes.OK;
    }
}
