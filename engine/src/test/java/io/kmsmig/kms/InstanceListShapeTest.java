package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GetKmsInstance's ZoneIds and VswitchIds are string arrays in the newest models and strings in the old ones; which the
 * service sends is UNCONFIRMED (kms-openapi.md §15, §20). The preflight reads the instance's status either way, through
 * the real SDK.
 */
class InstanceListShapeTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "instanceListShape {0}")
    @ValueSource(strings = {"array", "string"})
    void preflightReadsTheInstance_whicheverShapeItsListsHave(String shape) {
        String world =
                Worlds.generic(2, true, "{}").replace("seed: 5 }", "seed: 5, instanceListShape: " + shape + " }");
        assertTrue(world.contains("instanceListShape: " + shape), "the switch is set");
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world, "")) {
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            assertEquals(0, plan.exit(), plan.all());
            assertTrue(cloud.emulator.calls().count("cn-shanghai", "GetKmsInstance") >= 1, "the preflight asked");
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, apply.exit(), apply.all());
            assertEquals(2, cloud.secrets("cn-shanghai").size());
        }
    }
}
