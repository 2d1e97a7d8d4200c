package io.kmsmig.state.postgres;

import io.kmsmig.state.Journal;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.StateCodec;
import io.kmsmig.state.StateLock;
import io.kmsmig.state.StateStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The state in PostgreSQL (issue 14): many migrations in one database, each by its spec name and an optional
 * workspace. The folded state is one row ({@code migration}), the journal one row per change ({@code journal}), the
 * previous snapshots the last {@code keep} folds ({@code history}); the lock is a session advisory lock held by a
 * dedicated connection for the whole command ({@link PgLock}). Tables are created by Flyway on first use
 * ({@link PgSchema}). Same semantics as the file backend, proven by the shared contract suite.
 */
public final class PostgresStateBackend implements StateBackend {
    private final DataSource ds;
    private final PgSql sql;
    private final String specName;
    private final String workspace;
    private final Clock clock;
    private final String version;
    private final int keep;
    /** The lock this backend gave out last, checked before each intent is recorded. */
    private volatile PgLock lock;

    /**
     * @param ds        where to connect (the password comes from the environment, never the spec)
     * @param schema    the schema holding kmsmig's tables (created when missing)
     * @param specName  the migration: its spec's name
     * @param workspace the workspace within it, or "" for none
     * @param clock     lock and fold times
     * @param version   this kmsmig's version, recorded in the lock holder row
     * @param keep      how many previous snapshots to keep (at least 1)
     */
    public PostgresStateBackend(
            DataSource ds, String schema, String specName, String workspace, Clock clock, String version, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one previous snapshot");
        }
        this.ds = ds;
        this.sql = new PgSql(PgSchema.checked(schema));
        this.specName = specName;
        this.workspace = workspace == null ? "" : workspace;
        this.clock = clock;
        this.version = version;
        this.keep = keep;
        PgSchema.migrate(ds, schema);
    }

    /** The migration this backend serves, as messages name it. */
    String describe() {
        return "migration '" + specName + "'" + (workspace.isEmpty() ? "" : " (workspace '" + workspace + "')");
    }

    Connection connect() {
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw PgSql.failed("connect to the PostgreSQL state database", e);
        }
    }

    /**
     * A connection held for a whole command ({@code role}: lock or journal), named in {@code pg_stat_activity} as
     * "kmsmig ROLE SCHEMA.MIGRATION" so a database administrator can tell kmsmig's sessions apart.
     */
    Connection connect(String role) {
        Connection c = connect();
        try {
            c.setClientInfo(
                    "ApplicationName", "kmsmig " + role + " " + sql.schema() + "." + specName + workspaceSuffix());
        } catch (SQLException e) {
            // the name is for people only; a server or driver that refuses it changes nothing
        }
        return c;
    }

    private String workspaceSuffix() {
        return workspace.isEmpty() ? "" : "/" + workspace;
    }

    /** Throws when the lock this backend gave out was lost (its session ended): no new KMS write may start. */
    void checkLock() {
        PgLock l = lock;
        if (l != null) {
            l.check();
        }
    }

    /** The migration's row id (the advisory lock key), creating the row when the migration is new. */
    int migrationId(Connection c, String name) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + sql.t("migration")
                + " (spec_name, workspace) VALUES (?, ?) ON CONFLICT (spec_name, workspace) DO NOTHING")) {
            ins.setString(1, name);
            ins.setString(2, workspace);
            ins.executeUpdate();
        }
        try (PreparedStatement q =
                c.prepareStatement("SELECT id FROM " + sql.t("migration") + " WHERE spec_name = ? AND workspace = ?")) {
            q.setString(1, name);
            q.setString(2, workspace);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * The migration's row id, or 0 (ids start at 1) when it has none yet: a read writes nothing, so a user with
     * SELECT only can read states ({@code state show}, {@code state history}, {@code state pull}).
     */
    private int existingId(Connection c, String name) throws SQLException {
        try (PreparedStatement q =
                c.prepareStatement("SELECT id FROM " + sql.t("migration") + " WHERE spec_name = ? AND workspace = ?")) {
            q.setString(1, name);
            q.setString(2, workspace);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    @Override
    public Lock lock(String operation, Duration timeout, Consumer<String> waiting) {
        PgLock l = PgLock.acquire(this, sql, operation, version, timeout, clock, waiting);
        lock = l;
        return l;
    }

    String specName() {
        return specName;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public StateStore.Loaded read(String name) {
        try (Connection c = connect()) {
            return new StateStore.Loaded(
                    PgRead.current(
                                    c,
                                    sql,
                                    existingId(c, name == null ? specName : name),
                                    name == null ? specName : name,
                                    clock)
                            .state(),
                    List.of());
        } catch (SQLException e) {
            throw PgSql.failed("read the state of " + describe(), e);
        }
    }

    /** Rows are never torn: nothing to drop. */
    @Override
    public void dropTornRecords() {
        // a row is committed whole or not at all
    }

    @Override
    public Repair repair() {
        return new Repair(
                "table " + sql.t("journal") + " (" + describe() + ")", "nowhere (rows are never torn)", List.of());
    }

    @Override
    public Journal openJournal(State base, String specSha256) {
        return PgJournal.open(this, sql, base, specSha256, clock, keep);
    }

    @Override
    public Optional<State> backup() {
        List<State> h = history(1);
        return h.isEmpty() ? Optional.empty() : Optional.of(h.get(0));
    }

    /** The previous snapshots kept, newest first, at most {@code n}. */
    @Override
    public List<State> history(int n) {
        try (Connection c = connect();
                PreparedStatement q = c.prepareStatement("SELECT h.snapshot FROM " + sql.t("history") + " h JOIN "
                        + sql.t("migration") + " m ON m.id = h.migration_id WHERE m.spec_name = ? AND m.workspace = ?"
                        + " ORDER BY h.serial DESC LIMIT ?")) {
            q.setString(1, specName);
            q.setString(2, workspace);
            q.setInt(3, n);
            List<State> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(StateCodec.read(PgSql.json(rs.getString(1))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw PgSql.failed("read the state history of " + describe(), e);
        }
    }

    @Override
    public int historyDepth() {
        return keep;
    }

    @Override
    public void replace(State state) {
        PgReplace.replace(this, sql, state, keep);
    }

    /** The migrations of this backend's workspace that have a state (folded, or a journal not folded yet), sorted. */
    @Override
    public List<String> list() {
        try (Connection c = connect();
                PreparedStatement q = c.prepareStatement("SELECT m.spec_name FROM " + sql.t("migration") + " m WHERE"
                        + " m.workspace = ? AND (m.lineage IS NOT NULL OR EXISTS (SELECT 1 FROM " + sql.t("journal")
                        + " j WHERE j.migration_id = m.id)) ORDER BY m.spec_name COLLATE \"C\"")) {
            q.setString(1, workspace);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw PgSql.failed("list the migrations", e);
        }
    }

    @Override
    public StateLock.Released forceUnlock(String lockId) {
        return PgLock.forceUnlock(this, sql, lockId);
    }

    /** Keeps no local file. */
    @Override
    public Map<String, Path> localFiles() {
        return Map.of();
    }

    /** Forgets the snapshot, the journal and the history in one transaction; the row (the lock's key) stays. */
    @Override
    public List<Path> reset() {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            int id = migrationId(c, specName);
            for (String table : List.of("journal", "history")) {
                try (PreparedStatement d =
                        c.prepareStatement("DELETE FROM " + sql.t(table) + " WHERE migration_id = ?")) {
                    d.setInt(1, id);
                    d.executeUpdate();
                }
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE " + sql.t("migration") + " SET lineage = NULL,"
                    + " serial = 0, snapshot = NULL, folded_at = NULL WHERE id = ?")) {
                u.setInt(1, id);
                u.executeUpdate();
            }
            c.commit();
            return List.of();
        } catch (SQLException e) {
            throw PgSql.failed("reset the state of " + describe(), e);
        }
    }
}
