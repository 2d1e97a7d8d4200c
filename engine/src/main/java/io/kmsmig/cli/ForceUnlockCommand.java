package io.kmsmig.cli;

import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.StateLock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kmsmig force-unlock -f SPEC LOCK_ID}: releases a stuck state lock, only the one it names. */
@Command(name = "force-unlock",
        description = {
            "Release a stuck state lock.",
            "",
            "Only for a lock whose holder is gone (kmsmig reports such a lock as stale, with this command and the",
            "lock id). LOCK_ID is a nonce: the command releases the lock it names and no other."},
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
        StateLock.Holder h = StateLock.forceUnlock(s.statePath(), lockId);
        cli.out().println("Released the state lock " + lockId + " (" + h.operation() + " by pid " + h.pid() + " on "
                + h.host() + ").");
        return ExitCodes.OK;
    }
}
