package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Kill apply (a real child process, SIGKILL) right after KMS applied its k-th write and before the answer reaches
 * it, for every k; run apply again; the destination must equal an uninterrupted run's: no missing, duplicate or
 * re-ordered versions, the same stages. Odd k apply inline (re-plan), even k apply a saved plan (resume).
 */
class CrashMatrixIT {
    static final Map<String, String> ENV = Map.of("KMSMIG_AK_ID", "LTAIgenMigrator", "KMSMIG_AK_SECRET", "gen-migrator-secret");

    @TempDir
    Path dir;

    static Map<String, JsonNode> destination(EmulatedCloud cloud) {
        Map<String, JsonNode> out = new TreeMap<>();
        cloud.secrets("cn-shanghai").forEach((k, v) -> out.put(k, EmulatedCloud.comparable(v)));
        return out;
    }

    @Test
    void killAfterEveryWrite_thenApplyAgain_convergesToTheUninterruptedResult() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(10, true, "{}"), "execution: { parallelism: 4 }")) {
            assertEquals(0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            Map<String, JsonNode> reference = destination(cloud);
            long writes = cloud.emulator.calls().writes();
            assertTrue(writes >= 25, "a scenario with several versions per secret: " + writes + " writes");
            System.out.println("crash matrix: " + writes + " writes per uninterrupted apply");
            for (long k = 1; k <= writes; k++) {
                cloud.emulator.reset();
                for (String f : new String[] {"state.json", "state.json.backup", "state.json.journal", "state.json.lock", "p.kmsplan"}) {
                    Files.deleteIfExists(dir.resolve(f));
                }
                boolean saved = k % 2 == 0;
                if (saved) {
                    assertEquals(0, cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan").exit());
                }
                CountDownLatch reached = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                long kill = k;
                AtomicLong base = new AtomicLong(cloud.emulator.calls().writes());
                cloud.emulator.onWriteApplied(n -> {
                    if (n - base.get() >= kill) {
                        reached.countDown();
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                Path log = dir.resolve("child-" + k + ".log");
                Process child = saved ? ChildKmsmig.start(dir, ENV, log, "apply", "-f", "spec.yaml", "p.kmsplan")
                        : ChildKmsmig.start(dir, ENV, log, "apply", "-f", "spec.yaml", "--auto-approve");
                assertTrue(reached.await(90, TimeUnit.SECONDS), "write " + k + " reached; log: " + Files.readString(log));
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                cloud.emulator.onWriteApplied(n -> { });
                release.countDown();
                CliRun.Result locked = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
                assertEquals(1, locked.exit(), "k=" + k + ": " + locked.all());
                assertTrue(locked.err().contains("is stale") && locked.err().contains("kmsmig force-unlock"), locked.err());
                String lockId = Files.readString(dir.resolve("state.json.lock")).replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                assertEquals(0, cloud.run("force-unlock", "-f", "spec.yaml", lockId).exit());
                CliRun.Result again = saved ? cloud.run("apply", "-f", "spec.yaml", "p.kmsplan")
                        : cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
                assertEquals(0, again.exit(), "k=" + k + ": " + again.all());
                assertEquals(reference, destination(cloud), "k=" + k + ": the destination equals an uninterrupted run's");
                assertTrue(cloud.run("plan", "-f", "spec.yaml").out().contains("No changes."), "k=" + k);
                assertFalse(Files.readString(log).contains("CANARY"));
            }
        }
    }
}
