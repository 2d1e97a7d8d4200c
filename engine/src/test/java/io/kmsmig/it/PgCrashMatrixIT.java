package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.ItOrder;
import io.kmsmig.support.Worlds;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash matrix with the state in PostgreSQL: a {@link CrashChain} of child applies (real processes connecting to
 * the test JVM's embedded server by URL), each SIGKILLed right after KMS applied its first write and before the answer
 * reaches it, each starting on what the killed one before it left, one secret at a time, so the migration is killed
 * after every one of its writes (inline applies, saved plans, resumed saved plans in turn). Then one plain apply: no
 * force-unlock (each lock died with its process's session), the destination equals an uninterrupted run's, a plan
 * finds nothing to do, and the state is consistent: folded, no journal row and no lock holder left. Lean: two secrets
 * of one and two versions, each kind of write of a generic migration once or twice (CreateSecret, PutSecretValue,
 * UpdateSecretVersionStage); one schema for the chain, one for the reference.
 */
@Order(ItOrder.MIDDLE)
class PgCrashMatrixIT {
    @TempDir
    Path dir;

    @Test
    void killAfterEveryWrite_withStateInPostgres_thenAPlainApply_convergesToTheUninterruptedResult() throws Exception {
        String extra = "execution: { parallelism: 1 }";
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(2, true, "{}"), extra)) {
            String schema = PgIt.migratedSchema(); // made here: the killed children skip Flyway
            CrashChain.Outcome chain = CrashChain.run(
                    cloud, PgIt.stateBlock(EmbeddedPg.freshSchema()), PgIt.stateBlock(schema), extra, 1, 1);
            System.out.println("PostgreSQL crash chain: " + chain + ", "
                    + cloud.emulator.calls().counts());
            for (String write : new String[] {"CreateSecret", "PutSecretValue", "UpdateSecretVersionStage"}) {
                assertTrue(cloud.emulator.calls().count(write) > 0, write + " was among the writes");
            }
            // one write at a time, each killed apply made exactly one new write: a kill after every write
            assertTrue(chain.killed() >= chain.writes(), "an apply was killed after every write: " + chain);
            // CrashInProcess takes files: with the state in PostgreSQL every kill is a real child's SIGKILL
            assertEquals(chain.killed(), chain.children(), "every kill a child process: " + chain);
            assertEquals(0, PgIt.count("SELECT count(*) FROM " + schema + ".journal"), "every row was folded");
            assertEquals(0, PgIt.count("SELECT count(*) FROM " + schema + ".lock_holder"), "no lock holder left");
            assertEquals(
                    1,
                    PgIt.count("SELECT count(*) FROM " + schema + ".migration WHERE snapshot IS NOT NULL"),
                    "the folded state");
        }
    }
}
