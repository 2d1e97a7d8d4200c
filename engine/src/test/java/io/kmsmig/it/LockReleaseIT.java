package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.Checks;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.ItOrder;
import io.kmsmig.support.Worlds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The state lock dies with its process: Ctrl-C (SIGINT) of a real child apply while it plans (before its handler that
 * saves the state is installed) and while it writes, kill -9 of a child apply, and kill -9 of a child verify, leave
 * nothing that the next plain command must force-unlock.
 */
@Execution(ExecutionMode.CONCURRENT) // each test has its own directory and emulator
@Order(ItOrder.MIDDLE)
class LockReleaseIT {
    @TempDir
    Path dir;

    /** Starts a child apply and returns once KMS applied its third write, with the child blocked on its answer. */
    private static Process applyBlockedAtThirdWrite(EmulatedCloud cloud, Path log, CountDownLatch release)
            throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        long base = cloud.emulator.calls().writes();
        cloud.emulator.onWriteApplied(n -> {
            if (n - base >= 3) {
                reached.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Process child =
                ChildKmsmig.start(cloud.dir, CrashMatrixIT.ENV, log, "apply", "-f", "spec.yaml", "--auto-approve");
        assertTrue(reached.await(90, TimeUnit.SECONDS), "write 3 reached; log: " + Files.readString(log));
        return child;
    }

    @Test
    void ctrlCOfAChildApply_exits130_andAPlainApplyFinishesWithoutForceUnlock() throws Exception {
        try (EmulatedCloud cloud =
                new EmulatedCloud(dir, Worlds.generic(6, true, "{}"), "execution: { parallelism: 2 }")) {
            Path log = dir.resolve("sigint.log");
            CountDownLatch release = new CountDownLatch(1);
            Process child = applyBlockedAtThirdWrite(cloud, log, release);
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-INT", Long.toString(child.pid()))
                            .start()
                            .waitFor());
            // the signal is handled asynchronously: release the blocked write only once the child has heard it
            awaitLog(child, log, "Interrupt received");
            cloud.emulator.onWriteApplied(n -> {});
            release.countDown();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(130, child.exitValue(), Files.readString(log));
            CliRun.Result again = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, again.exit(), again.all());
            Checks.destinationEqualsSource(cloud);
        }
    }

    @Test
    void ctrlCOfAChildApplyWhilePlanning_andAPlainApplyFinishesWithoutForceUnlock() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(6, true, "{ latencyMs: 300 }"), "")) {
            // given an apply holding the lock and still reading both regions (before any write, before its Ctrl-C
            // handler)
            Path log = dir.resolve("sigint-planning.log");
            Process child =
                    ChildKmsmig.start(dir, CrashMatrixIT.ENV, log, "apply", "-f", "spec.yaml", "--auto-approve");
            awaitLock(child, "apply");
            // when
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-INT", Long.toString(child.pid()))
                            .start()
                            .waitFor());
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, cloud.emulator.calls().writes(), "stopped before writing");
            // then (the latency only kept the child reading until its Ctrl-C; the next apply need not wait for it)
            withLatency(cloud, 0);
            CliRun.Result again = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, again.exit(), again.all());
            Checks.destinationEqualsSource(cloud);
        }
    }

    private static void withLatency(EmulatedCloud cloud, long ms) {
        cloud.emulator.setFaults(cloud.emulator.faults().config().withLatencyMs(ms));
    }

    /** Waits (generously) until the child's output holds {@code text}. */
    private static void awaitLog(Process child, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.readString(log).contains(text)) {
            assertTrue(
                    child.isAlive() && System.nanoTime() < deadline,
                    "never printed '" + text + "': " + Files.readString(log));
            child.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits (generously) until {@code child} holds the state lock for {@code operation}. */
    private void awaitLock(Process child, String operation) throws Exception {
        Path lock = dir.resolve("state.json.lock");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!(Files.exists(lock) && Files.readString(lock).contains("\"operation\" : \"" + operation + "\""))) {
            assertTrue(child.isAlive() && System.nanoTime() < deadline, operation + " never took the lock");
            child.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void killMinus9OfAChildApply_andAPlainApplyFinishesWithoutForceUnlock() throws Exception {
        try (EmulatedCloud cloud =
                new EmulatedCloud(dir, Worlds.generic(6, true, "{}"), "execution: { parallelism: 2 }")) {
            Path log = dir.resolve("sigkill.log");
            CountDownLatch release = new CountDownLatch(1);
            Process child = applyBlockedAtThirdWrite(cloud, log, release);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            cloud.emulator.onWriteApplied(n -> {});
            release.countDown();
            assertTrue(
                    Files.readString(dir.resolve("state.json.lock")).contains("\"operation\" : \"apply\""),
                    "the killed apply's JSON is left behind, as information only");
            CliRun.Result again = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, again.exit(), again.all());
            assertFalse(again.all().contains("force-unlock") || again.all().contains("stale"), again.all());
            Checks.destinationEqualsSource(cloud);
        }
    }

    @Test
    void killMinus9OfAChildVerifyHoldingTheLock_andAPlainVerifyPasses() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(6, true, "{}"), "")) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            // a slow KMS keeps the child verifying (and holding the lock) until it is killed
            withLatency(cloud, 200);
            Process v =
                    ChildKmsmig.start(dir, CrashMatrixIT.ENV, dir.resolve("verify.log"), "verify", "-f", "spec.yaml");
            awaitLock(v, "verify");
            v.destroyForcibly();
            assertTrue(v.waitFor(30, TimeUnit.SECONDS));
            withLatency(cloud, 0);
            CliRun.Result again = cloud.run("verify", "-f", "spec.yaml");
            assertEquals(0, again.exit(), again.all());
        }
    }
}
