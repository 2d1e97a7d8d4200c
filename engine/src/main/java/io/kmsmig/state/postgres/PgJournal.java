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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The PostgreSQL {@link Journal}: one row per change on a connection of its own, each with the next serial. A record
 * made with {@code sync} (an action's intent, before its KMS call) is committed before {@link #record} returns; one
 * without (a done row, after the call) waits for the next commit: the next intent's, the fold's or close's, or when
 * {@value #MAX_PENDING} rows wait. Commits are grouped: workers that record at once share one commit (one batch
 * on one reused prepared statement, sent in autocommit mode with a single Sync: one round trip, one implicit
 * transaction, one WAL flush), rows always committed in serial order, so a
 * process killed with done rows still waiting leaves their intents as the last word, reconciled by the next plan as
 * after any crash. A commit that fails breaks the journal: nothing more is recorded and it cannot fold.
 *
 * <p>The primary key (migration, serial) refuses a second writer of the same serial, and the fold compares-and-sets
 * the snapshot it was opened on: a stale writer is refused, never merged. The fold is one transaction: snapshot
 * replaced, previous one kept in {@code history} (the last {@code keep}), folded rows deleted. Thread-safe; lock order
 * {@code commitLock}, then this.
 */
final class PgJournal extends FoldedJournal {
    /** Done rows that may wait for a commit before one is made for them. */
    static final int MAX_PENDING = 128;

    private final PostgresStateBackend backend;
    private final PgSql sql;
    private final Connection c;
    private final int id;
    private final int keep;
    private final String snapLineage;
    private final long snapSerial;

    /** A row recorded and not committed yet; {@code what} names it in messages (a secret's name, never a value). */
    private record Row(long serial, String kind, String record, String what) {}

    @GuardedBy("this")
    private final List<Row> pending = new ArrayList<>();

    /** Held while a group of rows is written and committed on {@code c}: one commit at a time. */
    private final Object commitLock = new Object();

    @GuardedBy("commitLock")
    private PreparedStatement insert;

    /** The last serial committed. */
    private volatile long committed;

    /** The failure of the first commit that failed; nothing is recorded after it. */
    private volatile KmsmigException broken;

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
            long session;
            synchronized (j) {
                session = j.insert(
                        "session",
                        PgSql.JSON
                                .createObjectNode()
                                .put("spec_sha256", specSha256)
                                .toString(),
                        "the session");
            }
            j.commitTo(session); // commits the row lock's transaction too
            c.setAutoCommit(true); // from here each group is one implicit transaction, ended by its Sync
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

    /** Queues the next row (the caller holds this object's lock) and returns its serial. */
    @GuardedBy("this")
    private long insert(String kind, String record, String what) {
        KmsmigException b = broken;
        if (b != null) {
            throw new KmsmigException(
                    ErrorCode.STATE_INVALID,
                    "Cannot record " + what + " in the state journal of " + backend.describe()
                            + ": an earlier record could not be committed.\n" + b.getMessage(),
                    b);
        }
        long next = serial() + 1;
        pending.add(new Row(next, kind, record, what));
        serial(next);
        return next;
    }

    /**
     * Returns once every row up to {@code upTo} is committed. The first thread in commits every row queued by then
     * in one transaction; the threads that queued rows meanwhile find theirs committed, or commit the next group.
     */
    private void commitTo(long upTo) {
        synchronized (commitLock) {
            if (committed >= upTo) {
                return;
            }
            commitPending();
        }
    }

    /** Writes and commits every queued row, in serial order, in one transaction. */
    @GuardedBy("commitLock")
    private void commitPending() {
        KmsmigException b = broken;
        if (b != null) {
            throw b;
        }
        List<Row> group;
        synchronized (this) {
            group = List.copyOf(pending);
            pending.clear();
        }
        if (group.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            if (insert == null) {
                // A row is written only while the snapshot is still the one this journal was opened on (read with
                // FOR KEY SHARE, the lock the foreign key takes anyway: a fold or push, which lock the row FOR UPDATE,
                // is waited for, and waits for the group): once another writer folded, its journal rows are
                // gone and this journal's serials would be free again, and the rows above its snapshot's serial
                // would be replayed on top of it (PgRead), merging a stale writer.
                insert = c.prepareStatement("INSERT INTO " + sql.t("journal")
                        + " (migration_id, serial, lineage, kind, record) SELECT ?, ?, ?, ?, ? FROM "
                        + sql.t("migration") + " WHERE id = ? AND serial = ? AND lineage IS NOT DISTINCT FROM ?"
                        + " FOR KEY SHARE");
            }
            for (Row r : group) {
                insert.setInt(1, id);
                insert.setLong(2, r.serial());
                insert.setString(3, lineage());
                insert.setString(4, r.kind());
                insert.setString(5, r.record());
                insert.setInt(6, id);
                insert.setLong(7, snapSerial);
                insert.setString(8, snapLineage);
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            for (int n : counts) {
                if (n == 0) {
                    throw new SnapshotMoved();
                }
            }
            if (!c.getAutoCommit()) {
                c.commit(); // the session row, in the transaction that locked the migration row
            }
            committed = group.get(group.size() - 1).serial();
        } catch (SQLException e) {
            rollbackQuietly();
            broken = refused(group, e);
            throw broken;
        } catch (SnapshotMoved e) {
            rollbackQuietly(); // the rows before the refused one were refused too: they read the same snapshot,
            // whose lock (FOR KEY SHARE, held to the group's end) keeps a fold from committing between them
            broken = new KmsmigException(
                    ErrorCode.STATE_INVALID,
                    "Another writer folded the state of " + backend.describe() + " after this command read it: this"
                            + " command's view of the state is stale, and its records ("
                            + group.stream().map(Row::what).collect(Collectors.joining(", "))
                            + ") were refused. Run the command again.");
            throw broken;
        } finally {
            persisted(start);
        }
    }

    /** A row of a group was not written: the snapshot is no longer the one this journal was opened on. */
    private static final class SnapshotMoved extends Exception {
        private static final long serialVersionUID = 1L;

        SnapshotMoved() {
            super(null, null, false, false);
        }
    }

    /** Why {@code group} was not committed: a serial another writer took first, or the database's error. */
    private KmsmigException refused(List<Row> group, SQLException e) {
        String rows = group.stream().map(Row::what).collect(Collectors.joining(", "));
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ("23505".equals(x.getSQLState())) { // unique violation: another writer took one of these serials
                return new KmsmigException(
                        ErrorCode.STATE_INVALID,
                        "Another writer recorded serial " + group.get(0).serial() + " of "
                                + backend.describe()
                                + " first: this command's view of the state is stale, and its records ("
                                + rows + ") were refused. Run the command again.",
                        e);
            }
        }
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        return PgSql.failed("record " + rows + " in the state journal of " + backend.describe(), cause);
    }

    private void rollbackQuietly() {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            // the connection is gone: nothing uncommitted survives it anyway
        }
    }

    /**
     * Queues the row; with {@code sync} (an intent, before its KMS call) returns once it is committed, else it is
     * committed with the next group (see the class comment).
     */
    @Override
    public SecretState record(SecretState s, boolean sync) {
        if (s.inFlight() != null) {
            backend.checkLock(); // an intent is refused (its KMS call not made) once the state lock is lost
        }
        long serial;
        boolean full;
        synchronized (this) {
            long start = System.nanoTime(); // inside the lock, as the file journal counts its appends
            serial = insert(
                    s.inFlight() != null ? "intent" : "done",
                    PgSql.text(StateCodec.secret(s)),
                    "secret '" + s.sourceName() + "'" + (s.inFlight() != null ? " (intent)" : ""));
            fold(s);
            full = pending.size() >= MAX_PENDING;
            persisted(start);
        }
        if (sync || full) {
            commitTo(serial);
        }
        return s;
    }

    /** Recorded durably: committed before this returns. */
    @Override
    public void recordApply(ApplyRecord a) {
        long serial;
        synchronized (this) {
            serial = insert("apply", PgSql.text(StateCodec.apply(a)), "the apply of plan " + a.planId());
            fold(a);
        }
        commitTo(serial);
    }

    /**
     * Folds in one transaction: the snapshot is replaced only if it is still the one this journal was opened on and
     * the journal's last row is this journal's (compare-and-set); else nothing changes and the fold is refused.
     */
    @Override
    public State compact() {
        synchronized (commitLock) {
            if (broken == null) {
                commitPending(); // a failure throws here; else the check below refuses a journal with a gap
            }
            return fold();
        }
    }

    @GuardedBy("commitLock")
    private synchronized State fold() {
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

    /** Commits the rows still queued and releases the connection; the rows stay to be folded by the next journal. */
    @Override
    public void close() {
        synchronized (commitLock) {
            try {
                if (broken == null && !c.isClosed()) {
                    commitPending();
                }
            } catch (SQLException e) {
                // the connection is closed: nothing to commit on it
            } finally {
                closeQuietly(c);
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close(); // an open transaction (a refused fold) is rolled back
        } catch (SQLException e) {
            // nothing uncommitted is lost by it
        }
    }
}
