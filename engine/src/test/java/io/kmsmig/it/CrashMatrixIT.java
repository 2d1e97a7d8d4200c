package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.ItOrder;
import io.kmsmig.support.Worlds;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import tools.jackson.databind.JsonNode;

/**
 * Kill apply (SIGKILL: a real child process every fourth run of a chain, the same kill made in this JVM between, see
 * {@link CrashInProcess}) right after KMS applied a write and before the answer reaches it, after every write of the
 * migration: in two {@link CrashChain}s of killed applies, each starting on what the killed one
 * before it left, then one plain apply; the destination must equal an uninterrupted run's: no missing, duplicate or
 * re-ordered versions, the same stages, and no force-unlock (each lock dies with its process). Cutover's deletions,
 * their undo and a killed verify: {@link CutoverCrashMatrixIT}.
 */
@Order(ItOrder.FIRST)
@Execution(ExecutionMode.CONCURRENT) // each test has its own directory and emulator
class CrashMatrixIT {
    static final Map<String, String> ENV = CrashChain.ENV;

    @TempDir
    Path dir;

    static Map<String, JsonNode> destination(EmulatedCloud cloud) {
        return CrashChain.destination(cloud);
    }

    /**
     * The chain's first apply is killed after its first write, every later one after its second (and the writes in
     * flight with it): kills at the migration's writes 1, 3, 5, ... as far as concurrency lets them fall.
     */
    @Test
    void killAfterEveryOddWrite_inAChainOfApplies_thenApplyAgain_convergesToTheUninterruptedResult() throws Exception {
        killAfterEveryWrite(1);
    }

    /** Every apply of the chain killed after its second write: kills at writes 2, 4, 6, ... */
    @Test
    void killAfterEveryEvenWrite_inAChainOfApplies_thenApplyAgain_convergesToTheUninterruptedResult() throws Exception {
        killAfterEveryWrite(2);
    }

    /**
     * One chain of the matrix; the two halves have their own emulator and directory and run at the same time. The
     * uninterrupted reference run keeps its state in another file.
     */
    private void killAfterEveryWrite(long first) throws Exception {
        try (EmulatedCloud cloud =
                new EmulatedCloud(dir, Worlds.generic(10, true, "{}"), "execution: { parallelism: 4 }")) {
            CrashChain.Outcome chain = CrashChain.run(
                    cloud,
                    "state: reference.state.json",
                    "state: state.json",
                    "execution: { parallelism: 4 }",
                    first,
                    2);
            System.out.println("crash chain from write " + first + ": " + chain);
            assertTrue(chain.writes() >= 25, "a scenario with several versions per secret: " + chain);
            // a killed apply made at least 2 writes, and at most 2 + 3 (the other writes in flight at parallelism 4)
            assertTrue(chain.killed() >= chain.writes() / 5, "an apply killed every 2 to 5 writes: " + chain);
            // every fourth run a real child SIGKILLed (each mode in turn), the runs between killed in this JVM
            assertTrue(chain.children() >= 3, "real SIGKILLs among the kills: " + chain);
            assertTrue(
                    chain.children() < chain.killed() || Boolean.getBoolean("crash.allChildren"),
                    "the file state's chain kills in this JVM between its children: " + chain);
        }
    }
}
