package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The crash matrix with the state in PostgreSQL: a chain of child applies (real processes connecting to the test
 * JVM's embedded server by URL), each SIGKILLed right after KMS applied its first write and before the answer reaches
 * it, each starting on what the killed one before it left, so the migration is killed after every one of its writes;
 * runs alternate between an inline apply and a saved plan made just before. Then one plain apply: no force-unlock (each
 * lock died with its process's session), the destination equals an uninterrupted run's, a plan finds nothing to do,
 * and the state is consistent: folded, no journal row and no lock holder left. Lean: two secrets of one and two
 * versions (CreateSecret, PutSecretValue), one schema for the chain, one for the reference.
 */
class PgCrashMatrixIT {
    static final Map<String, String> ENV = CrashMatrixIT.ENV;

    @TempDir
    Path dir;

    @Test
    void killAfterEveryWrite_withStateInPostgres_thenAPlainApply_convergesToTheUninterruptedResult() throws Exception {
        String extra = "execution: { parallelism: 2 }";
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(2, true, "{}"), extra)) {
            // the uninterrupted reference, with a state of its own
            PgIt.useState(dir, "generated", PgIt.stateBlock(EmbeddedPg.freshSchema()));
            CliRun.Result ref = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, ref.exit(), ref.all());
            Map<String, JsonNode> reference = CrashMatrixIT.destination(cloud);
            long writes = cloud.emulator.calls().writes();
            Map<String, Long> kinds = cloud.emulator.calls().counts();
            assertTrue(
                    writes >= 3
                            && cloud.emulator.calls().count("CreateSecret") > 0
                            && cloud.emulator.calls().count("PutSecretValue") > 0,
                    "each kind of write of a generic migration: " + writes + " writes, " + kinds);
            cloud.emulator.reset();
            String schema = EmbeddedPg.freshSchema();
            cloud.writeSpec(extra);
            PgIt.useState(dir, "generated", PgIt.stateBlock(schema));
            StringBuilder history = new StringBuilder();
            int killed = 0;
            for (int run = 0; ; run++) {
                assertTrue(run <= 2 * writes, "the chain ends: every killed apply wrote" + history);
                boolean saved = run % 2 == 1;
                if (saved) {
                    CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan");
                    assertEquals(0, plan.exit(), "run " + run + ": " + plan.all() + history);
                }
                Path log = dir.resolve("chain-" + run + ".log");
                boolean wasKilled = killAtFirstWrite(
                        cloud,
                        log,
                        saved
                                ? new String[] {"apply", "-f", "spec.yaml", "p.kmsplan"}
                                : new String[] {"apply", "-f", "spec.yaml", "--auto-approve"});
                String out = PgIt.read(log);
                history.append("\n--- run ")
                        .append(run)
                        .append(wasKilled ? " (killed)" : " (finished)")
                        .append(":\n");
                history.append(out);
                assertFalse(out.contains("CANARY"), "no value in a child's output" + history);
                if (!wasKilled) {
                    break;
                }
                killed++;
            }
            System.out.println(
                    "PostgreSQL crash chain: " + killed + " applies killed, " + writes + " writes: " + kinds);
            assertTrue(killed >= writes - 1, "an apply was killed after (nearly) every write: " + killed + history);
            CliRun.Result last = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, last.exit(), last.all() + history);
            assertEquals(
                    reference,
                    CrashMatrixIT.destination(cloud),
                    "the destination equals an uninterrupted run's" + history);
            assertTrue(cloud.run("plan", "-f", "spec.yaml").out().contains("No changes."), history.toString());
            assertEquals(0, PgIt.count("SELECT count(*) FROM " + schema + ".journal"), "every row was folded");
            assertEquals(0, PgIt.count("SELECT count(*) FROM " + schema + ".lock_holder"), "no lock holder left");
            assertEquals(
                    1,
                    PgIt.count("SELECT count(*) FROM " + schema + ".migration WHERE snapshot IS NOT NULL"),
                    "the folded state");
        }
    }

    /**
     * Runs kmsmig as a child; SIGKILLs it once KMS applied its first write (before the answer leaves), returning true,
     * or returns false when it finished on its own (then it must have succeeded).
     */
    private static boolean killAtFirstWrite(EmulatedCloud cloud, Path log, String... args) throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        long base = cloud.emulator.calls().writes();
        cloud.emulator.onWriteApplied(w -> {
            if (w - base >= 1) {
                reached.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Process child = ChildKmsmig.start(cloud.dir, ENV, log, args);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            boolean hit;
            while (!(hit = reached.await(50, TimeUnit.MILLISECONDS)) && child.isAlive()) {
                assertTrue(System.nanoTime() < deadline, "the child neither wrote nor finished: " + PgIt.read(log));
            }
            if (hit) {
                child.destroyForcibly();
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child ended: " + PgIt.read(log));
            if (!hit) {
                assertEquals(0, child.exitValue(), "an apply after a kill finishes: " + PgIt.read(log));
            }
            return hit;
        } finally {
            cloud.emulator.onWriteApplied(w -> {});
            release.countDown();
        }
    }
}
