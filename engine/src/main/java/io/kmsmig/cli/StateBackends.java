package io.kmsmig.cli;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.kms.Versions;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.StateLocation;
import io.kmsmig.state.FileStateBackend;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.postgres.PgConnect;
import io.kmsmig.state.postgres.PgUrl;
import io.kmsmig.state.postgres.PostgresStateBackend;

/**
 * Builds the state backend a spec's {@code state} names: the local file, or PostgreSQL with its password read from
 * the environment variable the spec names (through {@link Cli#env()}, so tests inject it). The password is never
 * printed: messages show the database as {@link PgUrl#display()}.
 */
final class StateBackends {
    /** How many previous snapshots PostgreSQL keeps ({@code state history}); the file keeps one ({@code .backup}). */
    static final int PG_HISTORY = 10;

    private StateBackends() {}

    /** The backend for {@code s}; {@code specArg} is the spec as the user gave it, for the commands messages print. */
    static StateBackend of(Cli cli, MigrationSpec s, String specArg) {
        if (s.state() instanceof StateLocation.Postgres pg) {
            return new PostgresStateBackend(
                    PgConnect.open(url(pg), password(cli, pg), pg.passwordEnv()),
                    pg.schema(),
                    s.name(),
                    pg.workspace(),
                    cli.clock(),
                    Versions.kmsmig(),
                    PG_HISTORY);
        }
        return new FileStateBackend(s.statePath(), s.name(), cli.clock(), specArg, Versions.kmsmig());
    }

    /** Where the state is, for the stderr line commands print: the file, or the database, schema and migration. */
    static String describe(Cli cli, MigrationSpec s) {
        return (s.state() instanceof StateLocation.Postgres ? "State: " : "State file: ") + where(cli, s);
    }

    /** Where the state is, for messages: the file, or the database, schema and migration (never a password). */
    static String where(Cli cli, MigrationSpec s) {
        if (s.state() instanceof StateLocation.Postgres pg) {
            return url(pg).display() + " schema " + pg.schema() + ", migration " + s.name()
                    + (pg.workspace().isEmpty() ? "" : ", workspace " + pg.workspace());
        }
        return Workspace.shown(cli, s.statePath());
    }

    /** How deep the backend keeps history, in words for {@code state history}. */
    static String kept(Cli cli, MigrationSpec s, StateBackend backend) {
        if (s.state() instanceof StateLocation.Postgres) {
            return "State history of " + where(cli, s) + " (PostgreSQL keeps the " + backend.historyDepth()
                    + " snapshots before the current one):";
        }
        return "State history of " + where(cli, s) + " (the file backend keeps one snapshot before the current one, "
                + "in " + Workspace.shown(cli, s.statePath()) + ".backup; a PostgreSQL state keeps the last "
                + PG_HISTORY + "):";
    }

    private static PgUrl url(StateLocation.Postgres pg) {
        try {
            return PgUrl.parse(pg.url());
        } catch (IllegalArgumentException e) {
            // The spec loader checked it; a spec built otherwise still gets a message, never the URL itself.
            throw new KmsmigException(ErrorCode.SPEC_INVALID, "state.url: the URL " + e.getMessage());
        }
    }

    private static String password(Cli cli, StateLocation.Postgres pg) {
        return cli.env().get(pg.passwordEnv());
    }
}
