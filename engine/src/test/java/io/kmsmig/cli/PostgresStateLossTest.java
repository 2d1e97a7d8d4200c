package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.apply.ApplyResult;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.operation.ApplyOperation;
import io.kmsmig.operation.Interrupts;
import io.kmsmig.operation.OperationContext;
import io.kmsmig.render.ConsoleApplyView;
import io.kmsmig.render.Style;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.ApplyRecord;
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.StateLock;
import io.kmsmig.state.StateStore;
import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.state.postgres.PostgresStateBackend;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
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
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The PostgreSQL state's connection lost mid-apply, in process (the operations, the real SDKs and the emulator; the
 * sessions are ended from the test with {@code pg_terminate_backend}, found by their application name): the apply
 * starts no new KMS write, lets the calls in flight finish, fails naming what was not recorded (names and steps, no
 * value), and a plain re-run converges to an uninterrupted run's destination with a consistent state. The same when
 * the lock's own session ends: another command could take the lock, so no new write may start.
 */
class PostgresStateLossTest {
    @TempDir
    Path dir;

    private final DataSource ds = EmbeddedPg.dataSource();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void journalSessionTerminatedAtAWrite_stopsNewWrites_namesWhatWasNotRecorded_andAReRunConverges() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(6, true, "{}"), "")) {
            Map<String, JsonNode> reference = reference(cloud);
            long total = cloud.emulator.calls().writes();
            cloud.emulator.reset();
            Hooked pg = backend();
            // given the journal's session ends while KMS applies the 3rd write, before its answer reaches kmsmig
            // (a write applied meanwhile by another secret waits until the session is gone)
            long base = cloud.emulator.calls().writes();
            CountDownLatch ended = new CountDownLatch(1);
            cloud.emulator.onWriteApplied(n -> {
                if (n - base == 3) {
                    terminate("kmsmig journal " + pg.schema + ".%");
                    ended.countDown();
                } else if (n - base > 3) {
                    await(ended);
                }
            });
            // when
            KmsmigException e = assertThrows(KmsmigException.class, () -> apply(cloud, pg, 4));
            cloud.emulator.onWriteApplied(n -> {});
            // then: stopped, with what was not recorded, by name and step
            long made = cloud.emulator.calls().writes() - base;
            assertEquals(ErrorCode.STATE_INVALID, e.code());
            assertTrue(e.getMessage().startsWith("Apply stopped: the state could not be recorded."), e.getMessage());
            assertTrue(e.getMessage().contains("connection to PostgreSQL was lost"), e.getMessage());
            assertTrue(e.getMessage().contains("was made in KMS; its completion "), e.getMessage());
            assertTrue(e.getMessage().contains("Run the same apply again"), e.getMessage());
            assertFalse(e.getMessage().contains("CANARY") || out.toString().contains("CANARY"));
            assertTrue(
                    made <= 3 + 3 && made < total,
                    "no write started after the loss but the 3 other secrets' in flight: " + made + " of " + total);
            // and every write made has its intent committed: the rows kept show each secret written to as in flight
            // or done
            State kept = pg.read(null).state();
            assertTrue(
                    kept.secrets().values().stream().anyMatch(s -> s.inFlight() != null),
                    "the write whose answer was lost is still in flight in the state: " + kept.secrets());
            // when a plain apply runs again (no force-unlock)
            reRunConverges(cloud, pg, reference);
        }
    }

    @Test
    void lockSessionTerminatedAtAWrite_noNewWriteStarts_andAReRunConverges() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(6, true, "{}"), "")) {
            Map<String, JsonNode> reference = reference(cloud);
            cloud.emulator.reset();
            Hooked pg = backend();
            // given the lock's session ends while KMS applies the 2nd write, and the heartbeat has noticed it
            long base = cloud.emulator.calls().writes();
            cloud.emulator.onWriteApplied(n -> {
                if (n - base == 2) {
                    terminate("kmsmig lock " + pg.schema + ".%");
                    awaitLost(pg.lock.get());
                }
            });
            // when, one secret at a time
            KmsmigException e = assertThrows(KmsmigException.class, () -> apply(cloud, pg, 1));
            cloud.emulator.onWriteApplied(n -> {});
            // then: not one more write, and the message says the lock was lost and which step did not start
            assertEquals(2, cloud.emulator.calls().writes() - base, "no KMS write started once the lock was lost");
            assertTrue(e.getMessage().contains("The state lock of migration"), e.getMessage());
            assertTrue(e.getMessage().contains("was lost"), e.getMessage());
            assertTrue(
                    e.getMessage().contains("was not started (its intent could not be recorded first)"),
                    e.getMessage());
            // the journal's own session lived: the 2nd write's completion was recorded
            State kept = pg.read(null).state();
            assertTrue(
                    kept.secrets().values().stream().allMatch(s -> s.inFlight() == null),
                    kept.secrets().toString());
            reRunConverges(cloud, pg, reference);
        }
    }

    @Test
    void lockSessionTerminatedRightAfterTheLockIsTaken_noWriteIsMade() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(3, true, "{}"), "")) {
            Map<String, JsonNode> reference = reference(cloud);
            cloud.emulator.reset();
            Hooked pg = backend();
            long base = cloud.emulator.calls().writes();
            // given the lock's session ends right after it is taken (and the heartbeat noticed)
            pg.afterLock = lock -> {
                terminate("kmsmig lock " + pg.schema + ".%");
                awaitLost(lock);
            };
            // when
            KmsmigException e = assertThrows(KmsmigException.class, () -> apply(cloud, pg, 2));
            // then
            assertEquals(0, cloud.emulator.calls().writes() - base, "no KMS write without the lock");
            assertTrue(e.getMessage().contains("was lost"), e.getMessage());
            pg.afterLock = lock -> {};
            reRunConverges(cloud, pg, reference);
        }
    }

    @Test
    void connectionTerminatedDuringTheFold_keepsEveryRecord_andAReRunFolds() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(3, true, "{}"), "")) {
            Map<String, JsonNode> reference = reference(cloud);
            cloud.emulator.reset();
            Hooked pg = backend();
            // given every kmsmig session of the schema ends as the fold starts
            pg.beforeFold = () -> terminate("kmsmig % " + pg.schema + ".%");
            // when
            KmsmigException e = assertThrows(KmsmigException.class, () -> apply(cloud, pg, 2));
            // then: the fold failed, saying so, and every secret's records were kept as rows: each secret migrated,
            // or in flight where its completion was still waiting for a commit (a re-run reconciles it)
            assertTrue(
                    e.getMessage().startsWith("Apply made its writes, but the state could not be folded."),
                    e.getMessage());
            assertTrue(e.getMessage().contains("connection to PostgreSQL was lost"), e.getMessage());
            State kept = pg.read(null).state();
            assertEquals(3, kept.secrets().size(), kept.secrets().toString());
            assertTrue(
                    kept.secrets().values().stream()
                            .allMatch(s -> s.inFlight() != null || s.status() == SecretStatus.MIGRATED),
                    kept.secrets().toString());
            assertEquals(reference, destination(cloud), "the writes were all made");
            pg.beforeFold = () -> {};
            reRunConverges(cloud, pg, reference);
        }
    }

    @Test
    void ctrlCDuringAnApply_foldsWhatWasDone_releasesTheLock_andAReRunConvergesWithoutForceUnlock() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(4, true, "{}"), "")) {
            Map<String, JsonNode> reference = reference(cloud);
            long total = cloud.emulator.calls().writes();
            cloud.emulator.reset();
            Hooked pg = backend();
            AtomicReference<Runnable> handler = new AtomicReference<>();
            long base = cloud.emulator.calls().writes();
            // given Ctrl-C arrives while KMS applies the 2nd write: the handler runs on a thread of its own, as the
            // JVM's shutdown hook does, and waits for the apply to save its state
            cloud.emulator.onWriteApplied(n -> {
                if (n - base == 2) {
                    Thread ctrlC = new Thread(handler.get(), "ctrl-c");
                    ctrlC.start();
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (ctrlC.getState() != Thread.State.TIMED_WAITING) { // stopped the apply, waits for its end
                        assertTrue(System.nanoTime() < deadline, "the handler stopped the apply within 60 s");
                        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                    }
                }
            });
            // when
            Optional<ApplyResult> r = apply(cloud, pg, 1, h -> {
                handler.set(h);
                return () -> {};
            });
            cloud.emulator.onWriteApplied(n -> {});
            // then: the apply stopped early, folded what it did, and released the lock with nothing left behind
            assertTrue(r.isPresent(), out + "\n" + err);
            long made = cloud.emulator.calls().writes() - base;
            assertTrue(made >= 2 && made < total, "stopped before all writes: " + made + " of " + total);
            assertFalse(pg.locked(), "the lock is free");
            assertEquals(List.of(), rows("SELECT lock_id FROM \"" + pg.schema + "\".lock_holder"), "no holder row");
            assertEquals(List.of(), rows("SELECT kind FROM \"" + pg.schema + "\".journal"), "every row folded");
            // and a plain re-run (no force-unlock) converges
            reRunConverges(cloud, pg, reference);
        }
    }

    private List<String> rows(String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement(sql);
                ResultSet rs = q.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** A plain apply after the loss: it succeeds, and the destination and the state are an uninterrupted run's. */
    private void reRunConverges(EmulatedCloud cloud, Hooked pg, Map<String, JsonNode> reference) {
        Optional<ApplyResult> again = apply(cloud, pg, 4);
        assertTrue(again.isPresent() && !again.get().failed(), out + "\n" + err);
        assertEquals(reference, destination(cloud), "the destination equals an uninterrupted run's");
        State s = pg.read(null).state();
        assertEquals(reference.size(), s.secrets().size());
        for (SecretState secret : s.secrets().values()) {
            assertNull(secret.inFlight(), secret.toString());
            assertEquals(SecretStatus.MIGRATED, secret.status(), secret.toString());
        }
        long writes = cloud.emulator.calls().writes();
        assertTrue(apply(cloud, pg, 4).isPresent());
        assertEquals(writes, cloud.emulator.calls().writes(), "a third apply finds nothing left to write");
        assertFalse(pg.locked(), "the lock is free");
        assertFalse(out.toString().contains("CANARY") || err.toString().contains("CANARY"));
    }

    /** The destination of an uninterrupted apply of the world, with a state of its own. */
    private Map<String, JsonNode> reference(EmulatedCloud cloud) {
        Optional<ApplyResult> r = apply(cloud, backend(), 4);
        assertTrue(r.isPresent() && !r.get().failed(), out + "\n" + err);
        return destination(cloud);
    }

    private static Map<String, JsonNode> destination(EmulatedCloud cloud) {
        Map<String, JsonNode> d = new TreeMap<>();
        cloud.secrets("cn-shanghai").forEach((k, v) -> d.put(k, EmulatedCloud.comparable(v)));
        return d;
    }

    /** The PostgreSQL backend of the spec in a schema of its own. */
    private Hooked backend() {
        MigrationSpec s = new SpecLoader(dir).load(dir.resolve("spec.yaml"));
        String schema = EmbeddedPg.freshSchema();
        return new Hooked(new PostgresStateBackend(ds, schema, s.name(), "", Clock.systemUTC(), "test", 3), schema);
    }

    private Optional<ApplyResult> apply(EmulatedCloud cloud, Hooked pg, int parallelism) {
        return apply(cloud, pg, parallelism, handler -> () -> {});
    }

    private Optional<ApplyResult> apply(EmulatedCloud cloud, Hooked pg, int parallelism, Interrupts interrupts) {
        Cli cli = cloud.cli().context();
        MigrationSpec s = new SpecLoader(dir).load(dir.resolve("spec.yaml"));
        SpecOption spec = new SpecOption();
        spec.file = Path.of("spec.yaml");
        OperationContext ctx =
                StateAccess.context(cli, s, spec, parallelism, Duration.ZERO).withBackend(pg);
        return new ApplyOperation(
                        ctx,
                        new ConsoleApplyView(
                                new PrintWriter(out, true),
                                new PrintWriter(err, true),
                                new BufferedReader(new StringReader("")),
                                false,
                                new Style(false),
                                null,
                                "spec.yaml"),
                        interrupts)
                .run(new ApplyOperation.Request(null, null, true, null));
    }

    /** Ends the sessions whose application name matches {@code like}, waiting until they are gone. */
    private void terminate(String like) {
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT pg_terminate_backend(pid, 60000) FROM"
                        + " pg_stat_activity WHERE application_name LIKE ?")) {
            q.setString(1, like);
            int ended = 0;
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ended += rs.getBoolean(1) ? 1 : 0;
                }
            }
            assertTrue(ended > 0, "a session named like " + like + " was ended");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(120, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (up to a generous deadline) until the lock's heartbeat has found its session gone. */
    private static void awaitLost(StateBackend.Lock lock) {
        assertNotNull(lock);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (lock.held()) {
            assertTrue(System.nanoTime() < deadline, "the heartbeat noticed the lost lock within 60 s");
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /** The PostgreSQL backend, with hooks after the lock is taken and before the fold, remembering its lock. */
    private static final class Hooked implements StateBackend {
        private final PostgresStateBackend inner;
        final String schema;
        final AtomicReference<Lock> lock = new AtomicReference<>();
        volatile Consumer<Lock> afterLock = l -> {};
        volatile Runnable beforeFold = () -> {};

        Hooked(PostgresStateBackend inner, String schema) {
            this.inner = inner;
            this.schema = schema;
        }

        boolean locked() {
            try {
                inner.lock("check", Duration.ZERO, line -> {}).close();
                return false;
            } catch (KmsmigException e) {
                assertEquals(ErrorCode.STATE_LOCKED, e.code(), e.getMessage());
                return true;
            }
        }

        @Override
        public Lock lock(String operation, Duration timeout, Consumer<String> waiting) {
            Lock l = inner.lock(operation, timeout, waiting);
            lock.set(l);
            afterLock.accept(l);
            return l;
        }

        @Override
        public StateStore.Loaded read(String specName) {
            return inner.read(specName);
        }

        @Override
        public void dropTornRecords() {
            inner.dropTornRecords();
        }

        @Override
        public Repair repair() {
            return inner.repair();
        }

        @Override
        public Journal openJournal(State base, String specSha256) {
            Journal j = inner.openJournal(base, specSha256);
            return new Journal() {
                @Override
                public SecretState record(SecretState s, boolean sync) {
                    return j.record(s, sync);
                }

                @Override
                public void recordApply(ApplyRecord a) {
                    j.recordApply(a);
                }

                @Override
                public ApplyRecord lastApply() {
                    return j.lastApply();
                }

                @Override
                public State current() {
                    return j.current();
                }

                @Override
                public SecretState secret(String sourceName) {
                    return j.secret(sourceName);
                }

                @Override
                public long persistenceNanos() {
                    return j.persistenceNanos();
                }

                @Override
                public State compact() {
                    beforeFold.run();
                    return j.compact();
                }

                @Override
                public void close() {
                    j.close();
                }
            };
        }

        @Override
        public Optional<State> backup() {
            return inner.backup();
        }

        @Override
        public List<String> list() {
            return inner.list();
        }

        @Override
        public StateLock.Released forceUnlock(String lockId) {
            return inner.forceUnlock(lockId);
        }

        @Override
        public Map<String, Path> localFiles() {
            return inner.localFiles();
        }

        @Override
        public List<Path> reset() {
            return inner.reset();
        }
    }
}
