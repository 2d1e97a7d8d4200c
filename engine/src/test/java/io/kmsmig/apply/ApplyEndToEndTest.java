package io.kmsmig.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.emulator.faults.FaultConfig;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apply over the emulator through the real SDK: result, idempotence, faults and quotas, no leaks; both stage semantics
 * over the world in memory.
 */
class ApplyEndToEndTest {
    @TempDir
    Path dir;

    static void assertDestinationEqualsSource(io.kmsmig.support.WorldView cloud) {
        io.kmsmig.support.Checks.destinationEqualsSource(cloud);
    }

    @Test
    void apply_thenPlanAgain_saysNoChangesAndTheRegionsMatch() throws IOException {
        // CreateSecret unpaced (10 per second by default): pacing is clientLimitsEqualToTheServersQuotas's subject
        try (EmulatedCloud cloud = new EmulatedCloud(
                dir, Worlds.generic(25, true, "{}"), "execution: { rateLimits: { secretCreateDelete: 1000 } }")) {
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve", "--events", "events.jsonl");
            assertEquals(0, apply.exit(), apply.all());
            assertTrue(
                    apply.out()
                            .contains("Apply complete! Secrets: 25 migrated, 0 unchanged, 0 manual pending, "
                                    + "0 not required, 0 skipped, 0 failed, 0 recorded in state, 0 source deleted, 0 restored, "
                                    + "0 not started. API calls: "),
                    apply.out());
            assertDestinationEqualsSource(cloud);
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml", "--detailed-exitcode");
            assertEquals(0, plan.exit(), plan.all());
            assertTrue(plan.out().contains("No changes. Destination matches the source."), plan.out());
            List<String> events = Files.readAllLines(dir.resolve("events.jsonl"));
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("events.jsonl"))),
                    "created owner-only, like the state");
            assertTrue(events.size() > 25, "one line per action and value read");
            assertTrue(
                    events.get(0)
                            .matches(
                                    "\\{\"time\":\"[^\"]+\",\"secret\":\"[^\"]+\",\"action\":\"\\w+\",\"region\":\"cn-\\w+\".*"
                                            + "\"result\":\"ok\",\"attempt\":\\d+,\"duration_ms\":\\d+.*"),
                    events.get(0));
            CliRun.Result again = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertTrue(again.out().contains("25 unchanged"), again.out());
            assertLeakFree(dir, apply, plan, again);
        }
    }

    @Test
    void apply_completesThroughThrottlingFiveHundredsAndDroppedConnections() {
        String faults =
                "{ quotas: true, throttleRate: 0.3, seed: 9, failures: [ { action: '*', rate: 0.1, status: 503 },"
                        + " { action: '*', rate: 0.05, drop: true } ] }";
        try (EmulatedCloud cloud =
                new EmulatedCloud(dir, Worlds.generic(20, true, faults), "execution: { maxAttempts: 20 }")) {
            // the retries' backoff pauses are recorded, not waited out: what is tested is that retries happen, back
            // off and succeed, not how long the pauses last (RetryPolicyTest tests their lengths)
            List<Duration> pauses = new CopyOnWriteArrayList<>();
            CliRun.Result apply = cloud.cli().backoff(pauses::add).run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, apply.exit(), apply.all());
            assertTrue(
                    pauses.stream().anyMatch(d -> d.toMillis() > 0)
                            && pauses.stream().allMatch(d -> d.compareTo(Duration.ofSeconds(5)) <= 0),
                    "retries backed off, up to the 5 s cap: " + pauses);
            System.out.println("retry pauses recorded, not waited: " + pauses.size() + ", "
                    + pauses.stream().mapToLong(Duration::toMillis).sum() + " ms");
            assertFalse(apply.all().contains("Rejected.Throttling"), "no throttling reaches the user");
            assertTrue(
                    apply.out().matches("(?s).*API calls: \\d+ \\([1-9]\\d* retried\\).*"),
                    "retries happened: " + apply.out());
            cloud.emulator.setFaults(FaultConfig.NONE);
            assertDestinationEqualsSource(cloud);
            assertTrue(cloud.run("plan", "-f", "spec.yaml").out().contains("No changes."));
        }
    }

    @Test
    void clientLimitsEqualToTheServersQuotas_meanNoThrottlingAtAll() {
        try (EmulatedCloud cloud = new EmulatedCloud(
                dir, Worlds.generic(30, true, "{ quotas: true }"), "execution: { parallelism: 16 }")) {
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, apply.exit(), apply.all());
            System.out.println("throttling answers with client limits equal to the quotas: "
                    + cloud.emulator.calls().codes().getOrDefault("Rejected.Throttling", 0L));
            assertFalse(apply.all().contains("Rejected.Throttling"), "none reaches the user");
            assertDestinationEqualsSource(cloud);
        }
    }

    @Test
    void bothAcsPreviousSettings_giveTheSourcesStageMaps() throws IOException {
        for (boolean follows : new boolean[] {true, false}) {
            Path d = Files.createDirectories(dir.resolve("follows-" + follows));
            try (MemoryWorld cloud = new MemoryWorld(d, Worlds.generic(35, follows, "{}"), "")) {
                CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
                assertEquals(0, apply.exit(), apply.all());
                assertDestinationEqualsSource(cloud);
            }
        }
    }

    static void assertLeakFree(Path dir, CliRun.Result... results) throws IOException {
        io.kmsmig.support.Checks.leakFree(dir, results);
    }
}
