package io.kmsmig.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.emulator.EmulatorConfig;
import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many API calls plan makes, counted by the emulator's call log: over the world in memory, and once through the
 * real-cloud configuration path (HTTPS, the real SDK) over a scene set in memory.
 */
class PlanCallsTest {
    @Test
    void plan_readsNoValuesAndTheMinimumOfCalls(@TempDir Path dir) throws IOException {
        try (MemoryWorld emu = new MemoryWorld(dir, Worlds.generic(100, true, "{}"), "")) {
            CliRun.Result r = emu.run("plan", "-f", "spec.yaml");
            assertEquals(0, r.exit(), r.all());
            assertTrue(r.out().contains("Plan: 100 to create"), r.out());
            var calls = emu.memory.calls();
            System.out.println("plan of 100 secrets, calls by region and action: " + calls.counts());
            assertEquals(0, calls.count("GetSecretValue"), "plan never reads a value");
            assertEquals(100, calls.count("cn-hangzhou", "DescribeSecret"), "one DescribeSecret per source secret");
            assertEquals(
                    100, calls.count("cn-hangzhou", "ListSecretVersionIds"), "one page of versions per source secret");
            assertEquals(1, calls.count("cn-hangzhou", "ListSecrets"), "100 secrets fit one page");
            assertEquals(1, calls.count("cn-shanghai", "ListSecrets"), "an empty destination is one call");
            assertEquals(
                    0, calls.count("cn-shanghai", "DescribeSecret"), "nothing to describe in an empty destination");
            assertEquals(1, calls.count("cn-shanghai", "GetKmsInstance"));
            assertEquals(1, calls.count("cn-shanghai", "DescribeKey"));
            assertEquals(
                    204,
                    calls.counts().values().stream().mapToLong(Long::longValue).sum(),
                    "2.04 calls per secret");
        }
    }

    @Test
    void plan_ofAnUpToDateDestinationReadsEachMappedNameOnce(@TempDir Path dir) throws IOException {
        String world = Worlds.generic(30, true, "{}");
        try (KmsEmulator emu = KmsEmulator.start(EmulatorConfig.ofYaml(world))) {
            // given: the scene set in memory (the apply is not what is counted), then handed to the emulator: its
            // world and the state the apply saved
            try (MemoryWorld applied = new MemoryWorld(dir, world, "")) {
                assertEquals(
                        0,
                        applied.run("apply", "-f", "spec.yaml", "--auto-approve")
                                .exit());
                emu.replaceWorld(applied.memory.dump());
            }
            Files.writeString(dir.resolve("spec.yaml"), Worlds.cloudSpec(emu.info(), ""));
            CliRun run = new CliRun(dir)
                    .env("KMSMIG_AK_ID", "LTAIgenMigrator")
                    .env("KMSMIG_AK_SECRET", "gen-migrator-secret");
            emu.calls().clear();
            // when: plan over HTTPS through the real SDK
            CliRun.Result again = run.run("plan", "-f", "spec.yaml");
            // then
            assertTrue(again.out().contains("No changes."), again.all());
            var calls = emu.calls();
            assertEquals(30, calls.count("cn-shanghai", "DescribeSecret"), "one DescribeSecret per mapped name");
            assertEquals(30, calls.count("cn-shanghai", "ListSecretVersionIds"));
            assertEquals(0, calls.count("GetSecretPolicy"), "policies only when the source has one");
            assertEquals(0, calls.count("GetSecretValue"));
        }
    }
}
