package io.kmsmig.cli;

import io.kmsmig.kms.Connections;
import io.kmsmig.operation.OperationContext;
import io.kmsmig.operation.Regions;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.StateStore;
import java.time.Duration;

/**
 * Where commands get the state backend and the operations' context: the one place that chooses the backend, so
 * every command names the spec, waits for the lock and prints skips alike.
 */
final class StateAccess {
    private StateAccess() {}

    /**
     * The spec's state backend; its messages name the spec as the user gave it. Says on stderr where the state is (the
     * file, or the database, schema and migration): relative paths in a spec resolve against the spec's directory, so
     * from another working directory the answer is not obvious, and a wrong guess would otherwise go unnoticed as an
     * empty state.
     */
    static StateBackend backend(Cli cli, MigrationSpec s, SpecOption spec) {
        cli.err().println(StateBackends.describe(cli, s));
        return files(cli, s, spec);
    }

    /** The same backend without saying so, for a check before the command's own {@link #backend} or context. */
    static StateBackend files(Cli cli, MigrationSpec s, SpecOption spec) {
        return StateBackends.of(cli, s, spec.file.toString());
    }

    /** What an operation on {@code s} runs with: its state backend, and the workspace opened holding the lock. */
    static OperationContext context(Cli cli, MigrationSpec s, SpecOption spec, int parallelism, Duration lockTimeout) {
        return new OperationContext(
                s,
                backend(cli, s, spec),
                p -> regions(Workspace.open(cli, s, p)),
                parallelism,
                lockTimeout,
                cli.clock());
    }

    private static Regions regions(Workspace ws) {
        return new Regions() {
            @Override
            public Connections connections() {
                return ws.connections();
            }

            @Override
            public String gatewayProblem() {
                return ws.gatewayProblem();
            }

            @Override
            public void close() {
                ws.close();
            }
        };
    }

    /** Takes the state lock for {@code operation} (held until closed; it dies with this process however it ends). */
    static StateBackend.Lock lock(Cli cli, StateBackend backend, String operation, Duration timeout) {
        return backend.lock(operation, timeout, line -> {
            cli.err().println(line);
            cli.err().flush();
        });
    }

    /** Reads the state without writing anything, warning about each torn journal tail it skipped. */
    static State read(Cli cli, StateBackend backend, MigrationSpec s) {
        StateStore.Loaded loaded = backend.read(s.name());
        loaded.warnings().forEach(w -> cli.err().println("Warning: " + w));
        return loaded.state();
    }
}
