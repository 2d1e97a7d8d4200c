package io.kmsmig.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.Checks;
import io.kmsmig.support.EmulatedCloud;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KMS names a RAM secret created with SecretName=$Auto from the RAM user's display name (kms-openapi.md §12.2, §19),
 * which may differ from the user name the source secret's name was made from. The engine takes the name from the
 * CreateSecret answer (or finds it when the answer was lost), through the real SDK against the emulator.
 */
class RamDisplayNameTest {
    private static final String SOURCE = "acs/ram/user/deployer";
    private static final String CREATED = "acs/ram/user/Deploy-Bot";

    @TempDir
    Path dir;

    private static String world() {
        return ApplyRecoveryTest.ramWorld()
                .replace("semantics:", "ramUsers: [ { name: deployer, displayName: Deploy-Bot } ]\nsemantics:");
    }

    @Test
    void ramUserWhoseDisplayNameDiffers_isRecreatedUnderTheNameKmsGave_andVerifiedAndPlannedThere()
            throws java.io.IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world(), "policies: { ramSecrets: recreate }")) {
            // when
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            // then: created under the display name, recorded so, and the source stays restorable
            assertEquals(0, apply.exit(), apply.all());
            assertTrue(
                    cloud.secrets("cn-shanghai").containsKey(CREATED),
                    cloud.secrets("cn-shanghai").keySet().toString());
            assertFalse(cloud.secrets("cn-shanghai").containsKey(SOURCE));
            assertFalse(cloud.secrets("cn-hangzhou")
                    .get(SOURCE)
                    .get("plannedDeleteTime")
                    .isNull());
            CliRun.Result show = cloud.run("state", "show", "-f", "spec.yaml", SOURCE, "--format", "json");
            assertTrue(show.out().contains("\"destination_name\" : \"" + CREATED + "\""), show.all());
            CliRun.Result verify = cloud.run("verify", "-f", "spec.yaml");
            assertEquals(0, verify.exit(), verify.all());
            // and a later plan and apply find it there: nothing to restore, nothing written
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            assertTrue(plan.out().contains(" 0 to restore,") && !plan.out().contains("RestoreSecret"), plan.out());
            long writes = cloud.emulator.calls().writes();
            CliRun.Result again = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, again.exit(), again.all());
            assertEquals(writes, cloud.emulator.calls().writes(), "no write on the second apply: " + again.out());
            assertFalse(
                    cloud.secrets("cn-hangzhou")
                            .get(SOURCE)
                            .get("plannedDeleteTime")
                            .isNull(),
                    "not restored");
            Checks.leakFree(dir, apply, show, verify, plan, again);
        }
    }

    @Test
    void lostCreateSecretAnswer_isResolvedByFindingTheUsersSecret_notByAssumingItsName() throws java.io.IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world(), "policies: { ramSecrets: recreate }")) {
            // given: the CreateSecret (the second write, after the source's DeleteSecret) is applied, its answer lost
            AtomicBoolean lost = new AtomicBoolean();
            cloud.emulator.onWriteApplied(n -> {
                if (n == 2 && lost.compareAndSet(false, true)) {
                    throw new IllegalStateException("answer lost");
                }
            });
            // when
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            // then: the retry met Rejected.ResourceExist and found the secret KMS had named
            assertTrue(lost.get(), "the fault fired");
            assertEquals(0, apply.exit(), apply.all());
            assertTrue(cloud.emulator.calls().count("cn-shanghai", "CreateSecret") >= 2, "CreateSecret was retried");
            assertTrue(cloud.emulator.calls().codes().getOrDefault("Rejected.ResourceExist", 0L) >= 1);
            assertTrue(cloud.secrets("cn-shanghai").containsKey(CREATED));
            assertFalse(
                    cloud.secrets("cn-hangzhou")
                            .get(SOURCE)
                            .get("plannedDeleteTime")
                            .isNull(),
                    "source not restored");
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            Checks.leakFree(dir, apply);
        }
    }
}
