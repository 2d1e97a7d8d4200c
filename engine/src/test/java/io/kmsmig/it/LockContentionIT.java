package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.support.Checks;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four kmsmig processes start apply on one state at the same moment: exactly one takes the OS lock and applies, the
 * others fail at once naming it (from the JSON it wrote into the lock file).
 */
class LockContentionIT {
    @TempDir
    Path dir;

    @Test
    void fourConcurrentApplies_exactlyOneApplies() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(8, true, "{ latencyMs: 20 }"), "")) {
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                children.add(ChildKmsmig.start(
                        dir,
                        CrashMatrixIT.ENV,
                        dir.resolve("apply-" + i + ".log"),
                        "apply",
                        "-f",
                        "spec.yaml",
                        "--auto-approve"));
            }
            int ok = 0;
            int locked = 0;
            for (int i = 0; i < 4; i++) {
                Process p = children.get(i);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "apply " + i + " finished");
                String log = Files.readString(dir.resolve("apply-" + i + ".log"));
                assertFalse(log.contains("CANARY") || log.contains("\tat "), log);
                if (p.exitValue() == 0) {
                    ok++;
                    assertTrue(log.contains("Apply complete! Secrets: 8 migrated"), log);
                } else {
                    locked++;
                    assertEquals(1, p.exitValue(), log);
                    assertTrue(log.contains("The state is locked by apply by pid "), log);
                }
            }
            assertEquals(1, ok, "exactly one applies");
            assertEquals(3, locked, "the others fail at once, naming the holder");
            assertEquals(
                    0,
                    Files.size(dir.resolve("state.json.lock")),
                    "the winner released the lock (its file names no holder)");
            assertEquals(0, cloud.run("plan", "-f", "spec.yaml").exit(), "and the next command takes it");
            Checks.destinationEqualsSource(cloud);
            assertEquals(cloud.emulator.calls().count("CreateSecret"), 8, "every secret created once");
        }
    }
}
