package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.ItOrder;
import io.kmsmig.support.Worlds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Kill cutover (SIGKILL: a real child process for k = 1 and 2, the same kill made in this JVM for k = 3 and 4) right
 * after KMS applied its k-th deletion, for every k, then run it again; the same for the undo (the restores); and verify killed at any moment leaves a readable state. Its own class
 * (it was CrashMatrixIT's third test) so that it can run beside the apply matrix's two chains.
 */
@Order(ItOrder.THIRD)
class CutoverCrashMatrixIT {
    static final Map<String, String> ENV = CrashChain.ENV;

    @TempDir
    Path dir;

    static Map<String, JsonNode> destination(EmulatedCloud cloud) {
        return CrashChain.destination(cloud);
    }

    /**
     * The kills after writes 1 and 2 (of the cutover and of its undo: a fresh plan after the first, the saved plan
     * resumed after the second) are real children SIGKILLed; after writes 3 and 4 the same kill is made in this JVM
     * ({@link CrashInProcess}), with the same recoveries and checks. {@code -Dcrash.allChildren=true}: every kill a
     * child.
     */
    private static final long CHILD_KILLS = 2;

    private static final boolean ALL_CHILDREN = Boolean.getBoolean("crash.allChildren");

    private static final String CUTOVER = "cutover: { deleteSource: %s, recoveryWindowDays: 7, quietPeriod: 7d }";
    /**
     * ActionTrail's default client limit is 2 calls per second, and cutover reads it for every secret before deleting
     * it: at that rate most of this test was waiting for tokens. The limit is not what this test is about (ApplyEndToEndTest
     * and the emulator's LimitsAndFaultsTest are); the kill points and the assertions are the same at 50.
     */
    private static final String EXECUTION = "execution: { parallelism: 2, rateLimits: { actionTrail: 50 } }\n";

    /**
     * Starts a saved-plan apply as a child and kills it right after KMS applied its k-th write (its lock dies with it),
     * or makes that kill in this JVM ({@link #CHILD_KILLS}). Returns what explains a later failure: the child's output and the journal it left (neither holds a value).
     */
    private String killAfter(EmulatedCloud cloud, long k, String plan) throws Exception {
        if (k > CHILD_KILLS && !ALL_CHILDREN) {
            Path log = dir.resolve("in-jvm-" + plan + "-" + k + ".log");
            Path state = dir.resolve("state.json");
            CrashChain.Ended ended = CrashInProcess.killAtWrite(cloud, state, k, log, "apply", "-f", "spec.yaml", plan);
            assertTrue(ended.killed(), "write " + k + " reached; log: " + Files.readString(log));
            assertFalse(Files.readString(log).contains("CANARY"));
            Path journal = dir.resolve("state.json.journal");
            return "\n--- apply killed in this JVM (" + plan + ", k=" + k + ")\n--- the journal it left:\n"
                    + (Files.exists(journal) ? Files.readString(journal) : "(none)");
        }
        WriteHold hold = WriteHold.from(cloud, k);
        Path log = dir.resolve("child-" + plan + "-" + k + ".log");
        Process child = ChildKmsmig.start(dir, ENV, log, "apply", "-f", "spec.yaml", plan);
        assertTrue(hold.reached(90, TimeUnit.SECONDS), "write " + k + " reached; log: " + Files.readString(log));
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        hold.close();
        assertFalse(Files.readString(log).contains("CANARY"));
        Path journal = dir.resolve("state.json.journal");
        return "\n--- killed child (" + plan + ", k=" + k + "):\n" + Files.readString(log)
                + "\n--- the journal it left:\n" + (Files.exists(journal) ? Files.readString(journal) : "(none)");
    }

    private static boolean pending(JsonNode secret) {
        return !secret.path("plannedDeleteTime").isMissingNode()
                && !secret.get("plannedDeleteTime").isNull();
    }

    @Test
    void killCutoverAndRestoreAfterEveryWrite_andVerifyAnywhere_thenRunAgain_convergesToTheSameEnd() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(
                dir, Worlds.generic(4, true, "{ latencyMs: 5 }"), EXECUTION + String.format(CUTOVER, false))) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            Map<String, JsonNode> destination = destination(cloud);
            // verify writes the state only at its end: killed at any moment, the state stays readable and a re-run
            // passes
            for (long delayMs : new long[] {150, 600, 1200}) {
                Process v = ChildKmsmig.start(
                        dir, ENV, dir.resolve("verify-" + delayMs + ".log"), "verify", "-f", "spec.yaml");
                Thread.sleep(delayMs);
                v.destroyForcibly();
                assertTrue(v.waitFor(30, TimeUnit.SECONDS));
                assertEquals(
                        0,
                        cloud.run("state", "list", "-f", "spec.yaml").exit(),
                        "the state is readable after a killed verify");
            }
            CliRun.Result verified = cloud.run("verify", "-f", "spec.yaml");
            assertEquals(0, verified.exit(), verified.all());
            cloud.writeSpec(EXECUTION + String.format(CUTOVER, true));
            Path state = dir.resolve("state.json");
            byte[] verifiedState = Files.readAllBytes(state);
            cloud.emulator.calls().clear();
            assertEquals(
                    0, cloud.run("plan", "-f", "spec.yaml", "-o", "cut.kmsplan").exit());
            assertEquals(0, cloud.run("apply", "-f", "spec.yaml", "cut.kmsplan").exit());
            long deletes = cloud.emulator.calls().writes();
            assertEquals(4, deletes, "one DeleteSecret per secret");
            ObjectNodeHolder seed = new ObjectNodeHolder(cloud.emulator.dump());
            for (long kk = 1; kk <= deletes; kk++) {
                final long k = kk;
                // back to "verified, nothing deleted": restore the world and the state, then kill the cutover at write
                // k
                cloud.emulator.replaceWorld(seed.undeleted());
                Files.write(state, verifiedState);
                Files.deleteIfExists(dir.resolve("state.json.journal"));
                assertEquals(
                        0,
                        cloud.run("plan", "-f", "spec.yaml", "-o", "cut.kmsplan")
                                .exit());
                String killed = killAfter(cloud, k, "cut.kmsplan");
                // odd k: plan afresh (the planner must recognise the interrupted deletion); even k: resume the saved
                // plan
                CliRun.Result again = k % 2 == 1
                        ? cloud.run("apply", "-f", "spec.yaml", "--auto-approve")
                        : cloud.run("apply", "-f", "spec.yaml", "cut.kmsplan");
                String why = killed + "\n--- the apply after it:\n" + again.all();
                assertFalse(why.contains("CANARY"), "k=" + k + ": the diagnostics hold no value");
                assertEquals(0, again.exit(), "cutover k=" + k + ": " + why);
                cloud.secrets("cn-hangzhou")
                        .forEach((n, sec) -> assertTrue(
                                pending(sec),
                                () -> "k=" + k + ": " + n + " is deleted" + why + "\n--- state list:\n"
                                        + cloud.run("state", "list", "-f", "spec.yaml")
                                                .out()));
                assertEquals(destination, destination(cloud), "k=" + k + ": the destination is intact");
                String list = cloud.run("state", "list", "-f", "spec.yaml").out();
                assertEquals(
                        4,
                        list.lines().filter(l -> l.contains(" source-deleted ")).count(),
                        "k=" + k + ": the state records every deletion as kmsmig's:\n" + list + why);
                CliRun.Result after = cloud.run("plan", "-f", "spec.yaml", "--detailed-exitcode");
                assertEquals(0, after.exit(), "k=" + k + ": " + after.all());
                // and undo it, killed at write k too
                cloud.writeSpec(EXECUTION + String.format(CUTOVER, false));
                assertEquals(
                        0,
                        cloud.run("plan", "-f", "spec.yaml", "-o", "undo.kmsplan")
                                .exit());
                String killedUndo = killAfter(cloud, k, "undo.kmsplan");
                CliRun.Result undo = k % 2 == 1
                        ? cloud.run("apply", "-f", "spec.yaml", "--auto-approve")
                        : cloud.run("apply", "-f", "spec.yaml", "undo.kmsplan");
                String whyUndo = killedUndo + "\n--- the apply after it:\n" + undo.all();
                assertFalse(whyUndo.contains("CANARY"), "k=" + k + ": the diagnostics hold no value");
                assertEquals(0, undo.exit(), "restore k=" + k + ": " + whyUndo);
                cloud.secrets("cn-hangzhou")
                        .forEach((n, sec) -> assertFalse(
                                pending(sec),
                                () -> "k=" + k + ": " + n + " is restored" + whyUndo + "\n--- state list:\n"
                                        + cloud.run("state", "list", "-f", "spec.yaml")
                                                .out()));
                String restored = cloud.run("state", "list", "-f", "spec.yaml").out();
                assertEquals(
                        4,
                        restored.lines().filter(l -> l.contains(" verified ")).count(),
                        "k=" + k + ": the state records every restore:\n" + restored + whyUndo);
                assertTrue(cloud.run("plan", "-f", "spec.yaml").out().contains("No changes."), "k=" + k);
                cloud.writeSpec(EXECUTION + String.format(CUTOVER, true));
            }
        }
    }

    /** The world as dumped after the first cutover, with every pending deletion cleared: "verified, nothing deleted". */
    private record ObjectNodeHolder(tools.jackson.databind.node.ObjectNode dump) {
        tools.jackson.databind.node.ObjectNode undeleted() {
            tools.jackson.databind.node.ObjectNode copy = dump.deepCopy();
            for (JsonNode s : copy.at("/regions/cn-hangzhou/secrets")) {
                ((tools.jackson.databind.node.ObjectNode) s).remove("plannedDeleteTime");
            }
            return copy;
        }
    }
}
