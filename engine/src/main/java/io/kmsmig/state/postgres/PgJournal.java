package io.kmsmig.state.postgres;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.state.ApplyRecord;
import io.kmsmig.state.FoldedJournal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.State;
import io.kmsmig.state.StateCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;

/**
 * The PostgreSQL {@link Journal}: one committed row per change on a connection of its own, each with the next
 * serial. An action's intent row is committed before its KMS call returns control (every row is committed before
 * {@link #record} returns), its done row after. The primary key (migration, serial) refuses a second writer of the
 * same serial, and the fold compares-and-sets the snapshot it was opened on: a stale writer is refused, never merged.
 * The fold is one transaction: snapshot replaced, previous one kept in {@code history} (the last {@code keep}),
 * folded rows deleted. Thread-safe.
 */
final class PgJournal extends FoldedJournal {
    private final PostgresStateBackend backend;
    private final PgSql sql;
    private final Connection c;
    private final int id;
    private final int keep;
    private final String snapLineage;
    private final long snapSerial;

    private PgJournal(
            PostgresStateBackend backend,
            PgSql sql,
            Connection c,
            int id,
            State base,
            PgRead.Current cur,
            String specSha256,
            Clock clock,
            int keep) {
        super(base, specSha256, clock);
        this.backend = backend;
        this.sql = sql;
        this.c = c;
        this.id = id;
        this.keep = keep;
        this.snapLineage = cur.snapshotLineage();
        this.snapSerial = cur.snapshotSerial();
    }

    /**
     * Opens a journal on {@code base}, refusing it when the stored state moved on since {@code base} was read (another
     * writer folded or recorded): its serial or lineage differs.
     */
    static PgJournal open(
            PostgresStateBackend backend, PgSql sql, State base, String specSha256, Clock clock, int keep) {
        Connection c = backend.connect("journal");
        try {
            c.setAutoCommit(false);
            int id = backend.migrationId(c, base.specName());
            lockRow(c, sql, id);
            PgRead.Current cur = PgRead.read(c, sql, id, base.specName(), clock);
            State now = cur.state();
            if (!Objects.equals(now.lineage(), base.lineage()) || now.serial() != base.serial()) {
                throw stale(backend, base.lineage(), base.serial(), now.lineage(), now.serial());
            }
            PgJournal j = new PgJournal(backend, sql, c, id, base, cur, specSha256, clock, keep);
            synchronized (j) {
                j.insert(
                        "session",
                        PgSql.JSON
                                .createObjectNode()
                                .put("spec_sha256", specSha256)
                                .toString());
            }
            c.commit();
            c.setAutoCommit(true);
            return j;
        } catch (SQLException e) {
            closeQuietly(c);
            throw PgSql.failed("open the state journal of " + backend.describe(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void lockRow(Connection c, PgSql sql, int id) throws SQLException {
        try (PreparedStatement q =
                c.prepareStatement("SELECT id FROM " + sql.t("migration") + " WHERE id = ? FOR UPDATE")) {
            q.setInt(1, id);
            q.executeQuery().close();
        }
    }

    static KmsmigException stale(
            PostgresStateBackend backend, String myLineage, long mySerial, String lineage, long serial) {
        return new KmsmigException(
                ErrorCode.STATE_INVALID,
                "The state of " + backend.describe() + " changed since "
                        + "it was read:\n  read:   lineage " + myLineage + ", serial " + mySerial
                        + "\n  stored: lineage "
                        + lineage + ", serial " + serial
                        + "\nAnother command wrote it (kmsmig holds the state lock for a "
                        + "whole "
                        + "command, so this one ran without it). Nothing was written by this one; run the command again.");
    }

    /** Inserts the next row (the caller holds this object's lock). */
    @GuardedBy("this")
    private void insert(String kind, String record) throws SQLException {
        long next = serial() + 1;
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + sql.t("journal")
                + " (migration_id, serial, lineage, kind, record) VALUES (?, ?, ?, ?, ?)")) {
            ins.setInt(1, id);
            ins.setLong(2, next);
            ins.setString(3, lineage());
            ins.setString(4, kind);
            ins.setString(5, record);
            ins.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // unique violation: another writer took this serial
                throw new KmsmigException(
                        ErrorCode.STATE_INVALID,
                        "Another writer recorded serial " + next + " of "
                                + backend.describe()
                                + " first: this command's view of the state is stale, and its record "
                                + "was refused. Run the command again.",
                        e);
            }
            throw e;
        }
        serial(next);
    }

    /**
     * Every row is committed before this returns, so {@code sync} changes nothing: an intent is always durable. An
     * intent is refused (throws, so its KMS call is not made) when the state lock was lost or its row cannot be
     * committed.
     */
    @Override
    public synchronized SecretState record(SecretState s, boolean sync) {
        if (s.inFlight() != null) {
            backend.checkLock();
        }
        long start = System.nanoTime();
        try {
            insert(s.inFlight() != null ? "intent" : "done", PgSql.text(StateCodec.secret(s)));
            fold(s);
            return s;
        } catch (SQLException e) {
            throw PgSql.failed("record secret " + s.sourceName() + " in the state journal of " + backend.describe(), e);
        } finally {
            persisted(start);
        }
    }

    @Override
    public synchronized void recordApply(ApplyRecord a) {
        long start = System.nanoTime();
        try {
            insert("apply", PgSql.text(StateCodec.apply(a)));
            fold(a);
        } catch (SQLException e) {
            throw PgSql.failed("record the apply in the state journal of " + backend.describe(), e);
        } finally {
            persisted(start);
        }
    }

    /**
     * Folds in one transaction: the snapshot is replaced only if it is still the one this journal was opened on and
     * the journal's last row is this journal's (compare-and-set); else nothing changes and the fold is refused.
     */
    @Override
    public synchronized State compact() {
        long start = System.nanoTime();
        State s = current();
        String lineage = lineage();
        long serial = serial();
        try {
            c.setAutoCommit(false);
            String prevSnapshot;
            String prevLineage;
            long prevSerial;
            try (PreparedStatement q = c.prepareStatement("SELECT lineage, serial, snapshot, folded_at FROM "
                    + sql.t("migration") + " WHERE id = ? FOR UPDATE")) {
                q.setInt(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    prevLineage = rs.getString(1);
                    prevSerial = rs.getLong(2);
                    prevSnapshot = rs.getString(3);
                }
            }
            long last = lastSerial();
            if (!Objects.equals(prevLineage, snapLineage) || prevSerial != snapSerial || last != serial) {
                throw stale(
                        backend,
                        lineage,
                        serial,
                        prevLineage == null ? lineage : prevLineage,
                        Math.max(prevSerial, last));
            }
            if (prevSnapshot != null) {
                try (PreparedStatement h = c.prepareStatement("INSERT INTO " + sql.t("history")
                        + " (migration_id, serial, lineage, snapshot, folded_at) SELECT id, serial, lineage, snapshot,"
                        + " folded_at FROM " + sql.t("migration") + " WHERE id = ?")) {
                    h.setInt(1, id);
                    h.executeUpdate();
                }
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE " + sql.t("migration") + " SET lineage = ?,"
                    + " serial = ?, snapshot = ?, folded_at = ? WHERE id = ?")) {
                u.setString(1, lineage);
                u.setLong(2, serial);
                u.setString(
                        3, PgSql.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(StateCodec.write(s)) + "\n");
                u.setTimestamp(4, Timestamp.from(clock().instant()));
                u.setInt(5, id);
                u.executeUpdate();
            }
            try (PreparedStatement d =
                    c.prepareStatement("DELETE FROM " + sql.t("journal") + " WHERE migration_id = ? AND serial <= ?")) {
                d.setInt(1, id);
                d.setLong(2, serial);
                d.executeUpdate();
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM " + sql.t("history") + " WHERE migration_id = ?"
                    + " AND serial NOT IN (SELECT serial FROM " + sql.t("history") + " WHERE migration_id = ?"
                    + " ORDER BY serial DESC LIMIT ?)")) {
                d.setInt(1, id);
                d.setInt(2, id);
                d.setInt(3, keep);
                d.executeUpdate();
            }
            c.commit();
            return s;
        } catch (SQLException e) {
            throw PgSql.failed("fold the state journal of " + backend.describe() + " (the journal rows are kept)", e);
        } finally {
            close();
            persisted(start);
        }
    }

    private long lastSerial() throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT coalesce(max(serial), 0) FROM " + sql.t("journal") + " WHERE migration_id = ?")) {
            q.setInt(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Releases the connection; the rows are committed already and stay to be folded by the next journal. */
    @Override
    public synchronized void close() {
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close(); // an open transaction (a refused fold) is rolled back
        } catch (SQLException e) {
            // nothing uncommitted is lost by it
        }
    }
}
