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
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.state.postgres.PostgresStateBackend;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.ForwardingJournal;
import io.kmsmig.support.ForwardingStateBackend;
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
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
 * Issue 14's "the connection terminated ({@code pg_terminate_backend}) at three moments of an apply: nothing lost after
 * a re-run", in process (the command line or the operations, the real SDKs and the emulator; the sessions are ended
 * from the test, found by their application name). The moments: right after the lock is taken (the lock's session),
 * at a KMS write (the journal's session, through the command line: exit 1, what was not recorded by name and step, no
 * stack trace, no value; and the lock's session), and during the fold (every session, while the fold's transaction
 * waits). Each time the apply starts no new KMS write, lets the calls in flight finish, and a plain re-run (no
 * force-unlock) converges to an uninterrupted run's destination with a consistent state. In process rather than in
 * child kmsmig processes: what is proven is how kmsmig reacts to its sessions ending, which a process boundary does
 * not change, and a child JVM costs seconds of CPU per apply (the crash matrix and the lock tests need processes and
 * have them: PgCrashMatrixIT, PgLockIT).
 */
class PostgresStateLossTest {
    @TempDir
    Path dir;

    private final DataSource ds = EmbeddedPg.dataSource();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void journalSessionTerminatedAtAWrite_stopsNewWrites_namesWhatWasNotRecorded_andAReRunConverges() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(4, true, "{}"), "")) {
            Reference ref = reference(cloud, Worlds.generic(4, true, "{}"));
            Map<String, JsonNode> reference = ref.destination();
            long total = ref.writes();
            // through the command line, as a user runs it (in process: the state is reached by the spec's URL)
            String schema = EmbeddedPg.freshSchema();
            cloud.writeSpec("execution: { parallelism: 4 }");
            PgSpecs.useState(dir, PgSpecs.stateBlock(PgSpecs.url(), schema, ""));
            // given the journal's session ends while KMS applies the 3rd write, before its answer reaches kmsmig
            // (a write applied meanwhile by another secret waits until the session is gone)
            long base = cloud.emulator.calls().writes();
            CountDownLatch ended = new CountDownLatch(1);
            cloud.emulator.onWriteApplied(n -> {
                if (n - base == 3) {
                    terminate("kmsmig journal " + schema + ".%");
                    ended.countDown();
                } else if (n - base > 3) {
                    await(ended);
                }
            });
            // when
            CliRun.Result r = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            cloud.emulator.onWriteApplied(n -> {});
            // then: stopped (exit 1, no stack trace), with what was not recorded, by name and step
            long made = cloud.emulator.calls().writes() - base;
            String said = r.all();
            assertEquals(1, r.exit(), said);
            assertTrue(said.contains("Apply stopped: the state could not be recorded."), said);
            assertTrue(said.contains("connection to PostgreSQL was lost"), said);
            assertTrue(said.contains("was made in KMS; its completion "), said);
            assertTrue(said.contains("Run the same apply again"), said);
            assertFalse(said.contains("Exception"), "no stack trace: " + said);
            assertFalse(said.contains("CANARY"));
            assertTrue(
                    made <= 3 + 3 && made < total,
                    "no write started after the loss but the 3 other secrets' in flight: " + made + " of " + total);
            // and every write made has its intent committed: the rows kept show each secret written to as in flight
            // or done
            Hooked pg = backend(schema);
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
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(3, true, "{}"), "")) {
            Map<String, JsonNode> reference =
                    reference(cloud, Worlds.generic(3, true, "{}")).destination();
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
            Map<String, JsonNode> reference =
                    reference(cloud, Worlds.generic(3, true, "{}")).destination();
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
            Map<String, JsonNode> reference =
                    reference(cloud, Worlds.generic(3, true, "{}")).destination();
            Hooked pg = backend();
            // given the test holds the migration's row as the fold starts, so the fold's transaction waits for it; once
            // it waits, every kmsmig session of the schema ends, then the row is let go
            AtomicReference<Throwable> watcher = new AtomicReference<>();
            pg.beforeFold = () -> {
                Connection holding = holdMigrationRow(pg.schema);
                Thread t = new Thread(() -> {
                    try (holding) {
                        awaitWaiting("kmsmig journal " + pg.schema + ".%");
                        terminate("kmsmig % " + pg.schema + ".%");
                    } catch (Throwable e) {
                        watcher.set(e);
                    }
                });
                t.setDaemon(true);
                t.start();
            };
            // when
            KmsmigException e = assertThrows(KmsmigException.class, () -> apply(cloud, pg, 2));
            assertNull(watcher.get(), () -> "the fold waited for the row and its sessions were ended: " + watcher);
            // then: the fold failed, saying so, and every secret's records were kept as rows: each secret migrated,
            // or in flight where its completion was still waiting for a commit (a re-run reconciles it)
            assertTrue(
                    e.getMessage().startsWith("Apply made its writes, but the state could not be folded."),
                    e.getMessage());
            assertTrue(e.getMessage().contains("connection to PostgreSQL was lost"), e.getMessage());
            assertTrue(count("SELECT count(*) FROM " + pg.schema + ".journal") > 0, "the journal rows were kept");
            State kept = pg.read(null).state();
            assertEquals(3, kept.secrets().size(), kept.secrets().toString());
            assertTrue(
                    kept.secrets().values().stream()
                            .allMatch(s -> s.inFlight() != null || s.status() == SecretStatus.MIGRATED),
                    kept.secrets().toString());
            assertEquals(reference, destination(cloud), "the writes were all made");
            pg.beforeFold = () -> {};
            long writes = cloud.emulator.calls().writes();
            reRunConverges(cloud, pg, reference);
            assertEquals(writes, cloud.emulator.calls().writes(), "the re-run found every write recorded");
        }
    }

    @Test
    void ctrlCDuringAnApply_foldsWhatWasDone_releasesTheLock_andAReRunConvergesWithoutForceUnlock() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(4, true, "{}"), "")) {
            Reference ref = reference(cloud, Worlds.generic(4, true, "{}"));
            Map<String, JsonNode> reference = ref.destination();
            long total = ref.writes();
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

    /** An uninterrupted apply's destination and number of KMS writes. */
    private record Reference(Map<String, JsonNode> destination, long writes) {}

    /** References by world: the emulator's world is a function of its YAML, so each is made once for the class. */
    private static final Map<String, Reference> REFERENCES = new ConcurrentHashMap<>();

    /**
     * The destination of an uninterrupted apply of {@code world} (the world {@code cloud} runs), with a state of its
     * own; the emulator's world is then as it started.
     */
    private Reference reference(EmulatedCloud cloud, String world) {
        Reference known = REFERENCES.get(world);
        if (known != null) {
            return known;
        }
        Optional<ApplyResult> r = apply(cloud, backend(), 4);
        assertTrue(r.isPresent() && !r.get().failed(), out + "\n" + err);
        Reference made =
                new Reference(destination(cloud), cloud.emulator.calls().writes());
        cloud.emulator.reset();
        REFERENCES.put(world, made);
        return made;
    }

    private static Map<String, JsonNode> destination(EmulatedCloud cloud) {
        Map<String, JsonNode> d = new TreeMap<>();
        cloud.secrets("cn-shanghai").forEach((k, v) -> d.put(k, EmulatedCloud.comparable(v)));
        return d;
    }

    /** The PostgreSQL backend of the spec in a schema of its own. */
    private Hooked backend() {
        return backend(EmbeddedPg.freshSchema());
    }

    /** The PostgreSQL backend of the spec in {@code schema}. */
    private Hooked backend(String schema) {
        MigrationSpec s = new SpecLoader(dir).load(dir.resolve("spec.yaml"));
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

    /** Opens a transaction holding the migration's row (as a fold would), left open until the connection closes. */
    private Connection holdMigrationRow(String schema) {
        try {
            Connection c = ds.getConnection();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT id FROM " + schema + ".migration FOR NO KEY UPDATE");
            }
            return c;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits (up to a generous deadline) until a session named like {@code like} waits for a lock. */
    private void awaitWaiting(String like) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name LIKE '"
                        + like + "'")
                == 0) {
            assertTrue(System.nanoTime() < deadline, "a session named like " + like + " waited for a lock");
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /** The single number {@code sql} answers. */
    private int count(String sql) {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
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
    private static final class Hooked extends ForwardingStateBackend {
        private final PostgresStateBackend inner;
        final String schema;
        final AtomicReference<Lock> lock = new AtomicReference<>();
        volatile Consumer<Lock> afterLock = l -> {};
        volatile Runnable beforeFold = () -> {};

        Hooked(PostgresStateBackend inner, String schema) {
            super(inner);
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
            Lock l = super.lock(operation, timeout, waiting);
            lock.set(l);
            afterLock.accept(l);
            return l;
        }

        @Override
        public Journal openJournal(State base, String specSha256) {
            return new ForwardingJournal(super.openJournal(base, specSha256)) {
                @Override
                public State compact() {
                    beforeFold.run();
                    return super.compact();
                }
            };
        }
    }
}
