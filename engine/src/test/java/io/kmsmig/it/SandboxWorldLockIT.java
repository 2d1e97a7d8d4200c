package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.emulator.world.EmulatorClock;
import io.kmsmig.emulator.world.Secret;
import io.kmsmig.emulator.world.WorldFile;
import io.kmsmig.support.ItOrder;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Two kmsmig processes on one sandbox: each runs its own emulator on the persisted world, so without the world lock
 * the one that saves last wipes the other's writes. The children are paused with SIGSTOP at the moment that used to
 * lose a write, so the interleaving is the same on every run however loaded the machine is.
 */
@Execution(ExecutionMode.CONCURRENT) // each test has its own directory and sandbox world
@Order(ItOrder.MIDDLE)
class SandboxWorldLockIT {
    private static final int SECRETS = 12;
    private static final Map<String, String> ENV = Map.of();

    @TempDir
    Path dir;

    @Test
    void planStartedDuringASandboxApply_losesNoneOfTheApplysWrites() throws Exception {
        // given a sandbox apply that has loaded the world, paused before it writes
        Files.writeString(dir.resolve("world.yaml"), Worlds.generic(SECRETS, true, "{ latencyMs: 20 }"));
        Files.writeString(dir.resolve("spec.yaml"), Worlds.sandboxSpec(""));
        Process apply =
                ChildKmsmig.start(dir, ENV, dir.resolve("apply.log"), "apply", "-f", "spec.yaml", "--auto-approve");
        awaitLog(apply, "apply.log", l -> l.contains("Sandbox: the embedded KMS emulator"));
        signal(apply, "STOP");

        // when a plan starts on the same sandbox (it used to load the world here, and save it again on exit); plan
        // takes the state lock first, so with --lock-timeout it waits there for the apply
        Process plan =
                ChildKmsmig.start(dir, ENV, dir.resolve("plan.log"), "plan", "-f", "spec.yaml", "--lock-timeout", "2m");
        awaitLog(
                plan,
                "plan.log",
                l -> l.contains("Sandbox: the embedded KMS emulator")
                        || l.contains("Waiting for the sandbox world")
                        || l.contains("Waiting for the state lock"));
        signal(plan, "STOP");
        signal(apply, "CONT");
        assertTrue(apply.waitFor(120, TimeUnit.SECONDS), "apply finished");
        signal(plan, "CONT");
        assertTrue(plan.waitFor(120, TimeUnit.SECONDS), "plan finished");

        // then the plan waited for the apply, saw its result, and the world keeps every write
        String applyLog = Files.readString(dir.resolve("apply.log"));
        String planLog = Files.readString(dir.resolve("plan.log"));
        assertEquals(0, apply.exitValue(), applyLog);
        assertTrue(applyLog.contains("Secrets: " + SECRETS + " migrated"), applyLog);
        assertEquals(0, plan.exitValue(), planLog);
        assertEquals(
                SECRETS, secrets("cn-shanghai").size(), "every destination secret the apply created is in the world");
        assertTrue(planLog.contains("Waiting for the state lock, held by apply by pid " + apply.pid()), planLog);
        assertTrue(planLog.contains("No changes."), planLog);
        CliRun.Result again = new CliRun(dir).run("plan", "-f", "spec.yaml");
        assertTrue(again.out().contains("No changes."), again.all());
        assertFalse(applyLog.contains("CANARY") || planLog.contains("CANARY"));
    }

    @Test
    void restoreBackupDuringAPausedSandboxApply_waitsAndBothWritesStay() throws Exception {
        // given a sandbox apply paused after loading the world
        Files.writeString(dir.resolve("world.yaml"), Worlds.genericWithInstanceSecret(SECRETS));
        Files.writeString(
                dir.resolve("spec.yaml"), Worlds.sandboxSpec("policies: { instanceSecrets: backup-restore }"));
        Process apply =
                ChildKmsmig.start(dir, ENV, dir.resolve("apply.log"), "apply", "-f", "spec.yaml", "--auto-approve");
        awaitLog(apply, "apply.log", l -> l.contains("Sandbox: the embedded KMS emulator"));
        signal(apply, "STOP");

        // when another process writes the same sandbox meanwhile
        Process restore = ChildKmsmig.start(
                dir,
                ENV,
                dir.resolve("restore.log"),
                "sandbox",
                "restore-backup",
                "-f",
                "spec.yaml",
                "--instance",
                "kst-hz-gen");
        awaitLog(restore, "restore.log", l -> l.contains("Waiting for the sandbox world") || l.contains("Restored "));
        signal(apply, "CONT");
        assertTrue(apply.waitFor(120, TimeUnit.SECONDS), "apply finished");
        assertTrue(restore.waitFor(120, TimeUnit.SECONDS), "restore finished");

        // then both the apply's secrets and the restored one are in the world
        String restoreLog = Files.readString(dir.resolve("restore.log"));
        assertEquals(0, apply.exitValue(), Files.readString(dir.resolve("apply.log")));
        assertEquals(0, restore.exitValue(), restoreLog);
        List<String> names = secrets("cn-shanghai").stream().map(Secret::name).toList();
        assertTrue(names.contains("vault/instance-token"), "the restored secret is kept: " + names);
        assertEquals(SECRETS + 1, names.size(), "and every secret the apply created: " + names);
        assertTrue(restoreLog.contains("Waiting for the sandbox world"), restoreLog);
    }

    private List<Secret> secrets(String region) {
        return WorldFile.loadPersisted(dir.resolve("sandbox.json"), new EmulatorClock(Clock.systemUTC()))
                .world()
                .read(w -> w.copySecrets())
                .getOrDefault(region, List.of());
    }

    /** Waits (generously) until the child's log satisfies {@code condition}; fails if the child ends first. */
    private void awaitLog(Process child, String log, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(dir.resolve(log)) ? Files.readString(dir.resolve(log)) : "";
            if (condition.test(text)) {
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError(log + ": the child ended (exit " + child.exitValue() + ") before: " + text);
            }
            child.waitFor(50, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(log + " never showed what was awaited: " + Files.readString(dir.resolve(log)));
    }

    /** Sends SIGSTOP or SIGCONT: pausing a child is what makes the interleaving exact. */
    private static void signal(Process child, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid()))
                .inheritIO()
                .start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
    }
}
