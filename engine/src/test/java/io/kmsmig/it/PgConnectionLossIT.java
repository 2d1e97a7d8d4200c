package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import tools.jackson.databind.JsonNode;

/**
 * A child apply (a real process, state in the test JVM's PostgreSQL by URL) whose database sessions are terminated
 * ({@code pg_terminate_backend}) at three moments: right after it took the lock, between two KMS writes, and during
 * the fold. Each time the apply stops with exit 1 and says what happened and what to do, starts no new KMS write, and
 * a plain re-run (no force-unlock) loses nothing: the destination equals an uninterrupted run's, a plan finds nothing
 * to do, and the state is folded with no journal row or lock holder left.
 */
@Execution(ExecutionMode.CONCURRENT) // each test has its own directory, emulator and schemas
class PgConnectionLossIT {
    @TempDir
    Path dir;

    @Test
    void lockSessionTerminatedRightAfterTheLockIsTaken_noWriteStartsOnceItIsNoticed() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(2, true, "{}"), "")) {
            Map<String, JsonNode> reference = reference(cloud);
            String schema = useFreshSchema(cloud, "execution: { parallelism: 1 }");
            // given the first write's answer is held until the child said it lost its lock
            CountDownLatch release = new CountDownLatch(1);
            long base = cloud.emulator.calls().writes();
            cloud.emulator.onWriteApplied(n -> await(release));
            Path log = dir.resolve("apply.log");
            Process child =
                    ChildKmsmig.start(dir, CrashMatrixIT.ENV, log, "apply", "-f", "spec.yaml", "--auto-approve");
            // when the lock's session ends right after the lock and its holder row were written
            try {
                PgIt.await(
                        () -> PgIt.sessions("kmsmig lock " + schema + ".%", false) == 1
                                && PgIt.count("SELECT count(*) FROM pg_stat_activity a JOIN " + schema
                                                + ".lock_holder h ON h.backend_pid = a.pid WHERE a.application_name"
                                                + " LIKE 'kmsmig lock " + schema + ".%'")
                                        == 1,
                        () -> "the child took the lock: " + PgIt.read(log));
                assertEquals(1, PgIt.terminate("kmsmig lock " + schema + ".%"));
                PgIt.await(
                        () -> PgIt.read(log).contains("was lost") || !child.isAlive(),
                        () -> "the child noticed: " + PgIt.read(log));
            } finally {
                release.countDown();
            }
            assertTrue(child.waitFor(120, TimeUnit.SECONDS));
            cloud.emulator.onWriteApplied(n -> {});
            // then
            String out = PgIt.read(log);
            assertEquals(1, child.exitValue(), out);
            assertTrue(out.contains("The state lock of migration 'generated' was lost"), out);
            assertTrue(
                    cloud.emulator.calls().writes() - base <= 1,
                    "at most the write held while the loss was noticed: " + out);
            reRunConverges(cloud, schema, reference, out);
        }
    }

    @Test
    void sessionsTerminatedBetweenTwoWrites_stopTheApply_namingWhatWasNotRecorded() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(4, true, "{}"), "")) {
            Map<String, JsonNode> reference = reference(cloud);
            String schema = useFreshSchema(cloud, "execution: { parallelism: 2 }");
            long total = reference.values().stream()
                    .mapToLong(s -> s.get("versions").size())
                    .sum();
            // given every session of the child ends while KMS applies its 2nd write, before the answer leaves; a write
            // applied meanwhile (the other secret's) waits until the sessions are gone
            long base = cloud.emulator.calls().writes();
            CountDownLatch ended = new CountDownLatch(1);
            cloud.emulator.onWriteApplied(n -> {
                if (n - base == 2) {
                    PgIt.terminate("kmsmig % " + schema + ".%");
                    ended.countDown();
                } else if (n - base > 2) {
                    await(ended);
                }
            });
            Path log = dir.resolve("apply.log");
            // when
            int exit = ChildKmsmig.run(dir, CrashMatrixIT.ENV, log, "apply", "-f", "spec.yaml", "--auto-approve");
            cloud.emulator.onWriteApplied(n -> {});
            // then
            String out = PgIt.read(log);
            long made = cloud.emulator.calls().writes() - base;
            assertEquals(1, exit, out);
            assertTrue(out.contains("Apply stopped: the state could not be recorded."), out);
            assertTrue(out.contains("was made in KMS; its completion "), out);
            assertTrue(out.contains("Run the same apply again"), out);
            assertFalse(out.contains("Exception"), "no stack trace: " + out);
            assertTrue(
                    total >= 8 && made <= 2 + 1,
                    "no write started after the loss but the other secret's one in flight: " + made + " of at least "
                            + total + " writes\n" + out);
            reRunConverges(cloud, schema, reference, out);
        }
    }

    @Test
    void sessionsTerminatedDuringTheFold_keepEveryRecord_andAReRunFolds() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(2, true, "{}"), "")) {
            Map<String, JsonNode> reference = reference(cloud);
            String schema = useFreshSchema(cloud, "");
            // given, from the first write on, the test holds the migration's row, so the fold waits for it
            AtomicReference<Connection> holding = new AtomicReference<>();
            long base = cloud.emulator.calls().writes();
            cloud.emulator.onWriteApplied(n -> {
                if (n - base == 1) {
                    holding.set(holdMigrationRow(schema));
                }
            });
            Path log = dir.resolve("apply.log");
            Process child =
                    ChildKmsmig.start(dir, CrashMatrixIT.ENV, log, "apply", "-f", "spec.yaml", "--auto-approve");
            try {
                // when the fold waits for the row, every session of the child ends
                PgIt.await(
                        () -> PgIt.sessions("kmsmig journal " + schema + ".%", true) == 1 || !child.isAlive(),
                        () -> "the fold waits for the row: " + PgIt.read(log));
                assertTrue(child.isAlive(), PgIt.read(log));
                assertTrue(PgIt.terminate("kmsmig % " + schema + ".%") >= 1);
            } finally {
                if (holding.get() != null) {
                    holding.get().close(); // rolls back: the row is free again
                }
            }
            assertTrue(child.waitFor(120, TimeUnit.SECONDS));
            cloud.emulator.onWriteApplied(n -> {});
            // then
            String out = PgIt.read(log);
            assertEquals(1, child.exitValue(), out);
            assertTrue(out.contains("Apply made its writes, but the state could not be folded."), out);
            assertTrue(out.contains("The connection to PostgreSQL was lost"), out);
            assertEquals(reference, CrashMatrixIT.destination(cloud), "every write was made before the fold");
            assertTrue(PgIt.count("SELECT count(*) FROM " + schema + ".journal") > 0, "the journal rows were kept");
            long writes = cloud.emulator.calls().writes();
            reRunConverges(cloud, schema, reference, out);
            assertEquals(writes, cloud.emulator.calls().writes(), "the re-run found every write recorded");
        }
    }

    /** An uninterrupted apply's destination (with a state of its own); the world is then reset. */
    private Map<String, JsonNode> reference(EmulatedCloud cloud) {
        PgIt.useState(dir, "generated", PgIt.stateBlock(EmbeddedPg.freshSchema()));
        CliRun.Result ref = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
        assertEquals(0, ref.exit(), ref.all());
        Map<String, JsonNode> reference = CrashMatrixIT.destination(cloud);
        cloud.emulator.reset();
        return reference;
    }

    private String useFreshSchema(EmulatedCloud cloud, String specExtra) {
        String schema = EmbeddedPg.freshSchema();
        cloud.writeSpec(specExtra);
        PgIt.useState(dir, "generated", PgIt.stateBlock(schema));
        return schema;
    }

    /** A plain apply: it succeeds, and the destination, a new plan and the stored state are an uninterrupted run's. */
    private static void reRunConverges(
            EmulatedCloud cloud, String schema, Map<String, JsonNode> reference, String why) {
        CliRun.Result again = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
        assertEquals(0, again.exit(), why + "\n--- the re-run:\n" + again.all());
        assertEquals(reference, CrashMatrixIT.destination(cloud), "the destination equals an uninterrupted run's");
        assertTrue(cloud.run("plan", "-f", "spec.yaml").out().contains("No changes."));
        assertEquals(0, PgIt.count("SELECT count(*) FROM " + schema + ".journal"), "every row was folded");
        assertEquals(0, PgIt.count("SELECT count(*) FROM " + schema + ".lock_holder"), "no lock holder left");
        assertFalse((why + again.all()).contains("CANARY"));
    }

    /** Opens a transaction holding the migration's row (as a fold would), left open until the connection closes. */
    private static Connection holdMigrationRow(String schema) {
        try {
            Connection c = PgIt.ds().getConnection();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT id FROM " + schema + ".migration FOR NO KEY UPDATE");
            }
            return c;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
