package io.kmsmig.state.postgres;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.state.Backoff;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.StateLock;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The migration's lock: {@code pg_try_advisory_lock(class of the schema, migration id)}, a session lock held by a
 * connection of its own for the whole command, so it dies with the session however the command ends (kill -9, a lost
 * runner, {@code pg_terminate_backend}); nothing needs force-unlock after a crash. The {@code lock_holder} row names
 * the holder (id, pid, host, operation, start, version, server pid) for messages and force-unlock; it is information
 * only, and a leftover row of a dead holder is overwritten by the next one.
 *
 * <p>A session that ends while the command runs (the server restarted, {@code pg_terminate_backend}) takes the lock
 * with it, and another command could then take it. A heartbeat notices: every {@link #HEARTBEAT} it asks the lock's
 * connection whether its session is alive, and once it is not, it says so at once (on the lock's line for the user,
 * {@code waiting}), {@link #held()} is false and {@link #check()} throws, which the journal calls before recording
 * each intent, so no new KMS write starts. A heartbeat rather than a round trip before each write: a check per write
 * would put one more database round trip (serialized on this one connection) on the path of every KMS write, while a
 * second command needs far longer than a heartbeat to take the lock, read the state and plan both regions before its
 * first write; and the heartbeat also notices while no write is made. Whatever slips through that window cannot corrupt the state: the journal's serials and its compare-and-set
 * refuse one of two writers.
 */
final class PgLock implements StateBackend.Lock {
    /**
     * The advisory lock's key is (class, migration id). Advisory locks are per database while migration ids are per
     * schema, so the class is a hash of "kmsmig" and the schema's name: two schemas of one database (two teams, two
     * test runs) never block each other's migrations, and the keys stay apart from other applications' locks.
     */
    static int lockClass(PgSql sql) {
        CRC32 crc = new CRC32();
        crc.update(("kmsmig " + sql.schema()).getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    /** How often the lock's session is checked. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    /** How long a heartbeat waits for the server's answer before it counts the session as lost. */
    private static final int HEARTBEAT_TIMEOUT_SECONDS = 15;

    private final Connection c;
    private final PgSql sql;
    private final int migration;
    private final StateLock.Holder holder;
    private final String what;
    private final Consumer<String> tell;
    private final ScheduledExecutorService heartbeat;
    /** Why the lock is no longer held (its session ended), or null while it is. */
    private volatile String lost;

    private PgLock(
            Connection c, PgSql sql, int migration, StateLock.Holder holder, String what, Consumer<String> tell) {
        this.c = c;
        this.sql = sql;
        this.migration = migration;
        this.holder = holder;
        this.what = what;
        this.tell = tell;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kmsmig-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        var unused = heartbeat.scheduleWithFixedDelay(
                this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One heartbeat: the lock is held as long as its session lives (only {@link #close} unlocks it). */
    private void beat() {
        if (lost != null) {
            return;
        }
        String why;
        synchronized (c) {
            try {
                why = c.isValid(HEARTBEAT_TIMEOUT_SECONDS)
                        ? null
                        : "its database session ended or did not answer within " + HEARTBEAT_TIMEOUT_SECONDS + " s";
            } catch (SQLException | RuntimeException e) {
                why = "its database session ended (" + e.getMessage() + ")";
            }
        }
        if (why != null) {
            lost = why;
            tell.accept(lostMessage(why));
        }
    }

    private String lostMessage(String why) {
        return "The state lock of " + what + " was lost: " + why + ". PostgreSQL released the lock with that"
                + " session, so another command could take it; this one starts no new KMS write.";
    }

    /** False once the heartbeat found the lock's session gone. */
    @Override
    public boolean held() {
        return lost == null;
    }

    /** Throws once the heartbeat found the lock's session gone: no new KMS write may start without the lock. */
    void check() {
        String why = lost;
        if (why != null) {
            throw new KmsmigException(ErrorCode.STATE_LOCKED, lostMessage(why));
        }
    }

    static PgLock acquire(
            PostgresStateBackend backend,
            PgSql sql,
            String operation,
            String version,
            Duration timeout,
            Clock clock,
            Consumer<String> waiting) {
        Connection c = backend.connect("lock");
        try {
            int id = backend.migrationId(c, backend.specName());
            Instant deadline = clock.instant().plus(timeout);
            boolean told = false;
            for (int attempt = 0; ; attempt++) {
                if (tryLock(c, sql, id)) {
                    StateLock.Holder mine = new StateLock.Holder(
                            UUID.randomUUID().toString(),
                            ProcessHandle.current().pid(),
                            host(),
                            operation,
                            clock.instant(),
                            version);
                    writeHolder(c, sql, id, mine);
                    return new PgLock(c, sql, id, mine, backend.describe(), waiting);
                }
                StateLock.Holder other = liveHolder(c, sql, id);
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    throw new KmsmigException(
                            ErrorCode.STATE_LOCKED,
                            "The state of " + backend.describe()
                                    + " is locked by " + describe(other)
                                    + ". Wait for it to finish, or pass --lock-timeout "
                                    + "to wait up to that long. The lock is released when that command's database session "
                                    + "ends, however it ends.");
                }
                if (!told) {
                    told = true;
                    waiting.accept("Waiting for the state lock of " + backend.describe() + ", held by "
                            + describe(other) + " (--lock-timeout: up to " + timeout.toSeconds() + " s)...");
                }
                Duration d = Backoff.DEFAULT.delay(attempt);
                Thread.sleep((d.compareTo(left) < 0 ? d : left).toMillis());
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw PgSql.failed("take the state lock of " + backend.describe(), e);
        } catch (InterruptedException e) {
            closeQuietly(c);
            Thread.currentThread().interrupt();
            throw new KmsmigException(ErrorCode.INTERRUPTED, "Interrupted while waiting for the state lock.");
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static boolean tryLock(Connection c, PgSql sql, int id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            q.setInt(1, lockClass(sql));
            q.setInt(2, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection c, PgSql sql, int id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            q.setInt(1, lockClass(sql));
            q.setInt(2, id);
            q.executeQuery().close();
        }
    }

    private static void writeHolder(Connection c, PgSql sql, int id, StateLock.Holder h) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("INSERT INTO " + sql.t("lock_holder") + " (migration_id, lock_id,"
                + " pid, host, operation, started, version, backend_pid) VALUES (?, ?, ?, ?, ?, ?, ?, pg_backend_pid())"
                + " ON CONFLICT (migration_id) DO UPDATE SET lock_id = EXCLUDED.lock_id, pid = EXCLUDED.pid,"
                + " host = EXCLUDED.host, operation = EXCLUDED.operation, started = EXCLUDED.started,"
                + " version = EXCLUDED.version, backend_pid = EXCLUDED.backend_pid")) {
            u.setInt(1, id);
            u.setString(2, h.id());
            u.setLong(3, h.pid());
            u.setString(4, h.host());
            u.setString(5, h.operation());
            u.setTimestamp(6, Timestamp.from(h.started()));
            u.setString(7, h.version());
            u.executeUpdate();
        }
    }

    /**
     * The holder of the lock now: its row, once the session that holds the lock (pg_locks) has written it. A holder
     * writes its row right after it locks, and a leftover row of a dead holder names someone gone, so a row that is
     * not the live session's is read again for up to a second. Null when none shows up (or the lock was released).
     */
    private static StateLock.Holder liveHolder(Connection c, PgSql sql, int id)
            throws SQLException, InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (PreparedStatement q = c.prepareStatement("SELECT lock_id, pid, host, operation, started, version,"
                    + " EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.classid = ?::oid"
                    + " AND l.objid = ?::oid AND l.objsubid = 2 AND l.granted AND l.pid = h.backend_pid)"
                    + " FROM " + sql.t("lock_holder") + " h WHERE migration_id = ?")) {
                q.setLong(1, Integer.toUnsignedLong(lockClass(sql)));
                q.setLong(2, id);
                q.setInt(3, id);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next() && rs.getBoolean(7)) {
                        return new StateLock.Holder(
                                rs.getString(1),
                                rs.getLong(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getTimestamp(5).toInstant(),
                                rs.getString(6));
                    }
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    /** The holder its row names, or null (none yet: the holder has locked and not written its row). */
    static StateLock.Holder holder(Connection c, PgSql sql, int id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT lock_id, pid, host, operation, started, version FROM "
                + sql.t("lock_holder") + " WHERE migration_id = ?")) {
            q.setInt(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new StateLock.Holder(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getString(6));
            }
        }
    }

    static String describe(StateLock.Holder h) {
        return h == null
                ? "another kmsmig command (its name could not be read: it has just taken the lock, or released it)"
                : h.operation() + " by pid "
                        + h.pid() + " on " + h.host() + " since " + h.started() + " (kmsmig " + h.version()
                        + ", lock id "
                        + h.id() + ")";
    }

    /**
     * Clears the holder row {@code lockId} names when its session is gone (the lock itself is free already); refuses
     * while a live session holds the lock: force-unlock never takes a lock from a running command.
     */
    static StateLock.Released forceUnlock(PostgresStateBackend backend, PgSql sql, String lockId) {
        try (Connection c = backend.connect()) {
            int id = backend.migrationId(c, backend.specName());
            StateLock.Holder h = holder(c, sql, id);
            if (!tryLock(c, sql, id)) {
                throw new KmsmigException(
                        ErrorCode.STATE_LOCKED,
                        "The state lock of " + backend.describe() + " is "
                                + "held by " + describe(h)
                                + ", whose database session is still open: PostgreSQL holds the "
                                + "lock for it. force-unlock cannot take a lock from a live command; let it finish, or stop "
                                + "it (its lock is released when its session ends).");
            }
            try {
                if (h != null && h.id().equals(lockId)) {
                    try (PreparedStatement d = c.prepareStatement(
                            "DELETE FROM " + sql.t("lock_holder") + " WHERE migration_id = ? AND lock_id = ?")) {
                        d.setInt(1, id);
                        d.setString(2, lockId);
                        d.executeUpdate();
                    }
                }
            } finally {
                unlock(c, sql, id);
            }
            return new StateLock.Released(h, false);
        } catch (SQLException e) {
            throw PgSql.failed("force-unlock the state of " + backend.describe(), e);
        }
    }

    @Override
    public String id() {
        return holder.id();
    }

    /** Deletes the holder row and releases the lock; a lost session has released it already. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        synchronized (c) {
            release();
        }
    }

    private void release() {
        try {
            if (!c.isClosed()) {
                try (PreparedStatement d = c.prepareStatement(
                        "DELETE FROM " + sql.t("lock_holder") + " WHERE migration_id = ? AND lock_id = ?")) {
                    d.setInt(1, migration);
                    d.setString(2, holder.id());
                    d.executeUpdate();
                }
                unlock(c, sql, migration);
            }
        } catch (SQLException e) {
            // the session is gone: PostgreSQL released its lock with it; the next holder overwrites the row
        } finally {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // closing ends the session, which releases its advisory locks
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
