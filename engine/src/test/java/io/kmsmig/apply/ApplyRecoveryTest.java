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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping and resuming, stale saved plans, the state lock, RAM secrets, and a damaged state file. */
class ApplyRecoveryTest {
    @TempDir
    Path dir;

    private static void waitForLines(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no progress in " + file);
    }

    @Test
    void ctrlC_stopsStartingActionsSavesStateExits130_andASecondApplyFinishes() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(
                dir, Worlds.generic(20, true, "{ latencyMs: 40 }"), "execution: { parallelism: 2 }")) {
            CliRun run = cloud.cli();
            CompletableFuture<CliRun.Result> apply = CompletableFuture.supplyAsync(
                    () -> run.run("apply", "-f", "spec.yaml", "--auto-approve", "--events", "events.jsonl"));
            waitForLines(dir.resolve("events.jsonl"), 10);
            run.interrupt();
            // the latency keeps actions unstarted until the interrupt; from here on it would only slow the test
            cloud.emulator.setFaults(FaultConfig.NONE);
            CliRun.Result stopped = apply.get(60, TimeUnit.SECONDS);
            assertEquals(130, stopped.exit(), stopped.all());
            assertTrue(
                    stopped.out().contains("Apply interrupted!")
                            && java.util.regex.Pattern.compile(", [1-9]\\d* not started\\.")
                                    .matcher(stopped.out())
                                    .find(),
                    stopped.out());
            assertTrue(Files.exists(dir.resolve("state.json")), "the state is saved");
            assertEquals(
                    0, Files.size(dir.resolve("state.json.lock")), "the lock is released: its file names no holder");
            CliRun.Result rest = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, rest.exit(), rest.all());
            ApplyEndToEndTest.assertDestinationEqualsSource(cloud);
        }
    }

    @Test
    void savedPlan_interruptedThenAppliedAgain_resumesAndFinishes() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(
                dir, Worlds.generic(16, true, "{ latencyMs: 40 }"), "execution: { parallelism: 2 }")) {
            assertEquals(
                    0, cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan").exit());
            CliRun run = cloud.cli();
            CompletableFuture<CliRun.Result> apply = CompletableFuture.supplyAsync(
                    () -> run.run("apply", "-f", "spec.yaml", "p.kmsplan", "--events", "events.jsonl"));
            waitForLines(dir.resolve("events.jsonl"), 8);
            run.interrupt();
            cloud.emulator.setFaults(FaultConfig.NONE); // latency only until the interrupt
            assertEquals(130, apply.get(60, TimeUnit.SECONDS).exit());
            CliRun.Result resumed = cloud.run("apply", "-f", "spec.yaml", "p.kmsplan");
            assertEquals(0, resumed.exit(), resumed.all());
            assertTrue(resumed.out().contains("Resuming the interrupted apply"), resumed.out());
            ApplyEndToEndTest.assertDestinationEqualsSource(cloud);
            CliRun.Result replay = cloud.run("apply", "-f", "spec.yaml", "p.kmsplan");
            assertEquals(1, replay.exit(), "a finished plan is not applied twice");
            assertTrue(replay.err().contains("Saved plan is stale"), replay.err());
        }
    }

    @Test
    void stalePlans_areRefusedNamingTheChange_andNothingIsWritten() throws Exception {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(6, true, "{}"), "")) {
            assertEquals(
                    0, cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan").exit());
            var world = cloud.memory.dump();
            var src = (tools.jackson.databind.node.ArrayNode) world.at("/regions/cn-hangzhou/secrets");
            var versions = (tools.jackson.databind.node.ArrayNode) src.get(0).get("versions");
            versions.addObject()
                    .put("id", "v9")
                    .put("created", "2024-12-01T00:00:00Z")
                    .put("data", "CANARY new")
                    .put("dataType", "text")
                    .putArray("stages");
            String name = src.get(0).get("name").asString();
            cloud.memory.replaceWorld(world);
            CliRun.Result gained = cloud.run("apply", "-f", "spec.yaml", "p.kmsplan");
            assertEquals(1, gained.exit());
            assertTrue(
                    gained.err().contains("Saved plan is stale")
                            && gained.err().contains(name + " gained version v9 in cn-hangzhou"),
                    gained.err());
            assertTrue(cloud.secrets("cn-shanghai").isEmpty(), "nothing written to the destination");
            assertFalse(Files.exists(dir.resolve("state.json")), "nothing written to the state");

            assertEquals(
                    0, cloud.run("plan", "-f", "spec.yaml", "-o", "p2.kmsplan").exit());
            assertEquals(
                    0,
                    cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit(),
                    "another apply changes the state");
            CliRun.Result state = cloud.run("apply", "-f", "spec.yaml", "p2.kmsplan");
            assertTrue(state.err().contains("the state changed since the plan was made"), state.err());

            assertEquals(
                    0, cloud.run("plan", "-f", "spec.yaml", "-o", "p3.kmsplan").exit());
            Files.writeString(dir.resolve("spec.yaml"), Files.readString(dir.resolve("spec.yaml")) + "# edited\n");
            CliRun.Result spec = cloud.run("apply", "-f", "spec.yaml", "p3.kmsplan");
            assertTrue(spec.err().contains("the spec spec.yaml changed since the plan was made"), spec.err());
            ApplyEndToEndTest.assertLeakFree(dir, gained, state, spec);
        }
    }

    @Test
    void secondConcurrentApply_failsFastNamingTheLockHolder() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(10, true, "{ latencyMs: 60 }"), "")) {
            CompletableFuture<CliRun.Result> first = CompletableFuture.supplyAsync(
                    () -> cloud.run("apply", "-f", "spec.yaml", "--auto-approve", "--events", "events.jsonl"));
            waitForLines(dir.resolve("events.jsonl"), 1);
            long start = System.nanoTime();
            CliRun.Result second = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(1, second.exit());
            assertTrue(
                    second.err()
                            .contains("The state is locked by apply by pid "
                                    + ProcessHandle.current().pid()),
                    second.err());
            assertTrue(
                    System.nanoTime() - start < Duration.ofSeconds(20).toNanos(),
                    "it does not wait without --lock-timeout");
            cloud.emulator.setFaults(FaultConfig.NONE); // the first apply needed to be slow only until now
            assertEquals(0, first.get(60, TimeUnit.SECONDS).exit());
        }
    }

    @Test
    void ramSecret_isDeletedInTheSourceAndCreatedInTheDestination() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, ramWorld(), "policies: { ramSecrets: recreate }")) {
            CliRun.Result r = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, r.exit(), r.all());
            assertTrue(
                    r.out().contains("deleting a RAM secret does not delete the RAM user's AccessKey pair"), r.out());
            var src = cloud.secrets("cn-hangzhou").get("acs/ram/user/deployer");
            assertFalse(src.get("plannedDeleteTime").isNull(), "the source is pending deletion, restorable");
            var dst = cloud.secrets("cn-shanghai").get("acs/ram/user/deployer");
            assertEquals("RAMCredentials", dst.get("type").asString());
            assertTrue(dst.at("/versions/0/data").asString().contains("\"AccessKeySecret\":\"CANARY ram\""));
            assertTrue(dst.get("extendedConfig").asString().contains("\"UserName\":\"deployer\""));
            ApplyEndToEndTest.assertLeakFree(dir, r);
        }
    }

    @Test
    void ramSecret_whoseCreateFails_getsItsSourceRestored() {
        try (MemoryWorld cloud = new MemoryWorld(dir, ramWorld(), "policies: { ramSecrets: recreate }")) {
            cloud.memory.setFaults(FaultConfig.NONE.withFailures(
                    List.of(new FaultConfig.Failure("CreateSecret", 1, null, 403, false))));
            CliRun.Result r = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(1, r.exit(), r.all());
            assertTrue(r.out().contains("the source RAM secret was restored"), r.out());
            assertTrue(
                    cloud.secrets("cn-hangzhou")
                            .get("acs/ram/user/deployer")
                            .get("plannedDeleteTime")
                            .isNull(),
                    "restored in the source");
            assertFalse(cloud.secrets("cn-shanghai").containsKey("acs/ram/user/deployer"));
        }
    }

    @Test
    void truncatedStateFile_isAClearError_andNothingIsApplied() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(4, true, "{}"), "")) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            byte[] state = Files.readAllBytes(dir.resolve("state.json"));
            Files.write(dir.resolve("state.json"), java.util.Arrays.copyOf(state, state.length / 2));
            cloud.memory.calls().clear();
            CliRun.Result r = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(1, r.exit());
            assertTrue(
                    r.err().contains("is unreadable (truncated or corrupted?)")
                            && r.err().contains("nothing was changed"),
                    r.err());
            assertFalse(r.all().contains("\tat "));
            assertEquals(0, cloud.memory.calls().writes(), "no write reached KMS");
        }
    }

    static String ramWorld() {
        return Worlds.HEADER.formatted(
                true,
                "{}",
                String.join(
                        "\n",
                        "      - name: acs/ram/user/deployer",
                        "        type: RAMCredentials",
                        "        extendedConfig: { SecretSubType: RamUserAccessKey, UserName: deployer, CustomData: {} }",
                        "        rotation: { enabled: true, interval: 30d }",
                        "        versions:",
                        "          - { id: r1, created: 2024-01-01T00:00:00Z, stages: [ACSCurrent], data: '{\"AccessKeyId\":\"LTAIdeployer\",\"AccessKeySecret\":\"CANARY ram\",\"GenerateTimestamp\":\"2024-01-01T00:00:00Z\"}' }"));
    }
}
