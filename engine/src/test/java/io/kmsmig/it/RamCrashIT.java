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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A RAM secret is deleted in the source and re-created in the destination (ramSecrets: recreate). Killed right after
 * KMS applied the DeleteSecret (before kmsmig recorded it) or the CreateSecret, apply run again must end with the
 * secret in the destination, never with the source left pending deletion as "not by kmsmig" and nothing created.
 * Both as a plain apply (which plans again) and as the saved plan resuming its own apply (which ran the saved
 * actions: the GetSecretValue of the deleted source failed, and that failure dropped the in-flight DeleteSecret).
 * Two cases kill a real child with SIGKILL (after write 1 of a plain apply, after write 2 of a saved plan); the others
 * make the same kill in this JVM ({@link CrashInProcess}: the world and the state files a SIGKILL at that write leaves).
 */
@Execution(ExecutionMode.CONCURRENT) // each test has its own directory and emulator
@Order(ItOrder.MIDDLE)
class RamCrashIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "killed after write {0}, saved plan {1}, display name {2}, child process {3}")
    @CsvSource({
        "1, false, deployer, true",
        "2, false, deployer, false",
        "1, true, deployer, false",
        "2, true, deployer, true",
        "2, false, Deploy-Bot, false",
        "2, true, Deploy-Bot, false"
    })
    void ramRecreate_killedAfterAWrite_thenApplyAgain_endsWithTheSecretInTheDestination(
            int k, boolean saved, String display, boolean child) throws Exception {
        // KMS names the re-created secret from the RAM user's display name (kms-openapi.md §19), here maybe not
        // deployer
        String created = "acs/ram/user/" + display;
        String world = Worlds.HEADER
                .replace("semantics:", "ramUsers: [ { name: deployer, displayName: " + display + " } ]\nsemantics:")
                .formatted(
                        true,
                        "{}",
                        String.join(
                                "\n",
                                "      - name: acs/ram/user/deployer",
                                "        type: RAMCredentials",
                                "        extendedConfig: { SecretSubType: RamUserAccessKey, UserName: deployer, CustomData: {} }",
                                "        versions:",
                                "          - { id: r1, created: 2024-01-01T00:00:00Z, stages: [ACSCurrent], data: '"
                                        + "{\"AccessKeyId\":\"LTAIdeployer\",\"AccessKeySecret\":\"CANARY ram crash\"}' }"));
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world, "policies: { ramSecrets: recreate }")) {
            if (saved) {
                assertEquals(
                        0,
                        cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan").exit());
            }
            Path log = dir.resolve("child.log");
            String[] args = saved
                    ? new String[] {"apply", "-f", "spec.yaml", "p.kmsplan"}
                    : new String[] {"apply", "-f", "spec.yaml", "--auto-approve"};
            if (child) {
                killChildAfterWrite(cloud, k, log, args);
            } else {
                assertTrue(
                        CrashInProcess.killAtWrite(cloud, dir.resolve("state.json"), k, log, args)
                                .killed(),
                        "write " + k + " reached; log: " + Files.readString(log));
            }
            // the journal the kill left is as kmsmig wrote it, owner-only (StateStore.create), whichever way it was
            // killed: CrashInProcess puts its copies back with the permissions they had
            Path journal = dir.resolve("state.json.journal");
            assertTrue(Files.exists(journal), "the killed apply left its journal");
            assertEquals(
                    PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(journal),
                    "the journal's permissions after the kill");
            // when: the saved plan again (it resumes its own apply), or apply again (plan first, as a user would)
            CliRun.Result resumed = saved ? cloud.run("apply", "-f", "spec.yaml", "p.kmsplan") : null;
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            CliRun.Result again = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            CliRun.Result third = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            String all = (resumed == null ? "" : resumed.all() + "\n---\n") + plan.all() + "\n---\n" + again.all()
                    + "\n---\n" + third.all();
            // then: the destination holds it
            assertTrue(cloud.secrets("cn-shanghai").containsKey(created), all);
            assertEquals(1, cloud.secrets("cn-shanghai").size(), "one RAM secret for the user: " + all);
            assertFalse(plan.out().contains("not by kmsmig"), all);
            if (resumed != null) {
                assertEquals(0, resumed.exit(), all);
                assertTrue(resumed.out().contains("1 migrated"), all);
            }
            assertEquals(0, again.exit(), all);
            assertEquals(0, third.exit(), all);
            if (k == 1 && !saved) {
                assertTrue(plan.out().contains("(RAMCredentials, restore)"), all);
                assertTrue(third.out().contains("1 migrated"), all);
            }
            assertTrue(
                    cloud.secrets("cn-hangzhou").get("acs/ram/user/deployer").hasNonNull("plannedDeleteTime"),
                    "the source is deleted once its copy exists: " + all);
            assertTrue(cloud.run("plan", "-f", "spec.yaml").out().contains("No changes."), all);
            assertFalse(all.contains("CANARY"), all);
        }
    }

    /** Starts kmsmig with {@code args} as a child and SIGKILLs it right after KMS applied its k-th write. */
    private static void killChildAfterWrite(EmulatedCloud cloud, int k, Path log, String... args) throws Exception {
        WriteHold hold = WriteHold.from(cloud, k);
        Process child = ChildKmsmig.start(cloud.dir, CrashMatrixIT.ENV, log, args);
        assertTrue(hold.reached(90, TimeUnit.SECONDS), "write " + k + " reached; log: " + Files.readString(log));
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        hold.close();
    }
}
