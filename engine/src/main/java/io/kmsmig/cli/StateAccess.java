package io.kmsmig.cli;

import io.kmsmig.kms.Versions;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.State;
import io.kmsmig.state.StateLock;
import io.kmsmig.state.StateStore;
import java.time.Duration;

/** How commands lock and read the state: one place, so every command names the spec and prints skips alike. */
final class StateAccess {
    private StateAccess() {
    }

    static StateStore store(Cli cli, MigrationSpec s, SpecOption spec) {
        return new StateStore(s.statePath(), cli.clock(), spec.file.toString());
    }

    /** Takes the state lock for {@code operation} (an OS lock, released when this process ends however it ends). */
    static StateLock lock(Cli cli, MigrationSpec s, String operation, Duration timeout) {
        return StateLock.acquire(s.statePath(), operation, Versions.kmsmig(), timeout, cli.clock(),
                io.kmsmig.state.Backoff.DEFAULT, StateLock.Sleeper.SYSTEM, line -> {
                    cli.err().println(line);
                    cli.err().flush();
                });
    }

    /** Reads the state without writing anything, warning about each torn journal tail it skipped. */
    static State read(Cli cli, StateStore store, MigrationSpec s) {
        StateStore.Loaded loaded = store.read(s.name());
        loaded.warnings().forEach(w -> cli.err().println("Warning: " + w));
        return loaded.state();
    }

    /** Reads the state holding its lock, and drops the torn journal tails it skipped from the journal. */
    static State readAndRepair(Cli cli, StateStore store, MigrationSpec s) {
        StateStore.Loaded loaded = store.read(s.name());
        loaded.warnings().forEach(w -> cli.err().println("Warning: " + w));
        if (!loaded.warnings().isEmpty()) {
            store.repair(false);
        }
        return loaded.state();
    }
}
