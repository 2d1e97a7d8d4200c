package io.kmsmig.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.emulator.faults.FaultConfig;
import io.kmsmig.emulator.openapi.Json;
import io.kmsmig.emulator.world.SecretWrites;
import io.kmsmig.plan.Disposition;
import io.kmsmig.state.InFlight;
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import io.kmsmig.state.StateStore;
import io.kmsmig.support.Checks;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A killed apply's cutover DeleteSecret reached KMS and was never recorded as done; the apply that finishes it then
 * fails for that secret. The failure must not erase the in-flight intent, the only record that kmsmig deleted the
 * source: afterwards plan still treats the pending source as kmsmig's interrupted deletion, and withdrawing the
 * cutover restores it (rather than skipping it as "pending deletion, not by kmsmig" until KMS purges it). Over the
 * world in memory: what is tested is kmsmig's bookkeeping, not the wire.
 */
class CutoverFailureTest {
    private static final String CUTOVER = "policies: { instanceSecrets: backup-restore }\n"
            + "cutover: { deleteSource: %s, recoveryWindowDays: 7, quietPeriod: 7d }";
    private static final String NAME = "app0/secret-0";
    private static final String RAM = "acs/ram/user/deployer";

    @TempDir
    java.nio.file.Path dir;

    @Test
    void finishingDeleteFails_theDeletionStaysKmsmigs_andWithdrawingTheCutoverRestoresIt() throws Exception {
        try (MemoryWorld cloud = killedAfterDeleteLanded()) {
            cloud.writeSpec(String.format(CUTOVER, true));
            failEvery(cloud, "DeleteSecret");
            CliRun.Result failed = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(1, failed.exit(), failed.all());
            cloud.memory.setFaults(FaultConfig.NONE);

            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            assertTrue(plan.out().contains("finishing an interrupted cutover"), plan.all());
            assertFalse(plan.out().contains("not by kmsmig"), plan.all());
            CliRun.Result show = cloud.run("state", "show", "-f", "spec.yaml", NAME);
            assertTrue(show.out().contains("in flight:    DeleteSecret"), show.all());

            cloud.writeSpec(String.format(CUTOVER, false));
            CliRun.Result undo = restoredByApply(cloud);
            Checks.leakFree(dir, failed, plan, show, undo);
        }
    }

    @Test
    void restoringAnInterruptedDeletionFails_theNextPlanStillRestoresIt() throws Exception {
        try (MemoryWorld cloud = killedAfterDeleteLanded()) {
            failEvery(cloud, "RestoreSecret");
            CliRun.Result failed = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(1, failed.exit(), failed.all());
            cloud.memory.setFaults(FaultConfig.NONE);
            CliRun.Result undo = restoredByApply(cloud);
            Checks.leakFree(dir, failed, undo);
        }
    }

    /**
     * Delete-and-recreate of a RAM secret: a killed run's DeleteSecret landed unrecorded, and the restore that finishes
     * it fails. The source stays kmsmig's deletion, is restored by the next apply, and the one after re-creates it.
     */
    @Test
    void ramDeleteLandedAndItsRestoreFails_isRestoredThenRecreated() throws Exception {
        String world = Worlds.HEADER.formatted(
                true,
                "{}",
                String.join(
                        "\n",
                        "      - name: app0/secret-0",
                        "        versions:",
                        "          - { id: v1, created: 2024-01-01T00:00:00Z, stages: [ACSCurrent], data: 'CANARY generic' }",
                        "      - name: " + RAM,
                        "        type: RAMCredentials",
                        "        extendedConfig: { SecretSubType: RamUserAccessKey, UserName: deployer, CustomData: {} }",
                        "        versions:",
                        "          - { id: r1, created: 2024-01-01T00:00:00Z, stages: [ACSCurrent], data: '"
                                + "{\"AccessKeyId\":\"LTAIdeployer\",\"AccessKeySecret\":\"CANARY ram\"}' }"));
        try (MemoryWorld cloud = new MemoryWorld(dir, world, "")) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit()); // the state exists
            StateStore store = new StateStore(dir.resolve("state.json"), Clock.systemUTC());
            State base = store.load(null);
            Instant now = Instant.now();
            Journal killed = store.openJournal(base, base.specSha256());
            killed.record(
                    SecretState.builder()
                            .sourceRegion("cn-hangzhou")
                            .sourceName(RAM)
                            .destinationRegion("cn-shanghai")
                            .destinationName(RAM)
                            .type("RAMCredentials")
                            .disposition(Disposition.DELETE_AND_RECREATE.wire())
                            .status(SecretStatus.IN_PROGRESS)
                            .updatedAt(now)
                            .inFlight(new InFlight(1, InFlight.Write.DELETE_SECRET, null, null, now))
                            .build(),
                    true);
            killed.close();
            cloud.memory.world().write(w -> new SecretWrites(w, w.region("cn-hangzhou")).delete(RAM, false, 7));

            cloud.writeSpec("policies: { ramSecrets: recreate }");
            failEvery(cloud, "RestoreSecret");
            CliRun.Result failed = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(1, failed.exit(), failed.all());
            cloud.memory.setFaults(FaultConfig.NONE);

            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            assertTrue(plan.out().contains("RestoreSecret"), plan.all());
            assertFalse(plan.out().contains("not by kmsmig"), plan.all());
            CliRun.Result restore = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, restore.exit(), restore.all());
            assertTrue(restore.out().contains("1 restored"), restore.out());
            CliRun.Result recreate = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, recreate.exit(), recreate.all());
            assertTrue(cloud.secrets("cn-shanghai").containsKey(RAM), recreate.all());
            CliRun.Result quiet = cloud.run("plan", "-f", "spec.yaml", "--detailed-exitcode");
            assertEquals(0, quiet.exit(), quiet.all());
            Checks.leakFree(dir, failed, plan, restore, recreate, quiet);
        }
    }

    /** Migrated and verified; then an apply killed after its DeleteSecret landed in KMS, before it recorded that. */
    private MemoryWorld killedAfterDeleteLanded() throws Exception {
        MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(1, true, "{}"), String.format(CUTOVER, false));
        assertEquals(0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
        CliRun.Result verify = cloud.run("verify", "-f", "spec.yaml");
        assertEquals(0, verify.exit(), verify.all());
        StateStore store = new StateStore(dir.resolve("state.json"), Clock.systemUTC());
        State verified = store.load(null);
        SecretState before = verified.secret(NAME).orElseThrow();
        assertEquals(SecretStatus.VERIFIED, before.status());
        Instant now = Instant.now();
        Journal killed = store.openJournal(verified, verified.specSha256());
        killed.record(before.withInFlight(new InFlight(1, InFlight.Write.DELETE_SECRET, null, null, now), now), true);
        killed.close();
        cloud.memory.world().write(w -> new SecretWrites(w, w.region("cn-hangzhou")).delete(NAME, false, 7));
        assertNotNull(cloud.secrets("cn-hangzhou").get(NAME).get("plannedDeleteTime"));
        return cloud;
    }

    private static void failEvery(MemoryWorld cloud, String action) {
        cloud.memory.setFaults(FaultConfig.fromJson(Json.MAPPER.readTree(
                "{ \"failures\": [ { \"action\": \"" + action + "\", \"rate\": 1.0, \"status\": 403 } ] }")));
    }

    /** With deleteSource: false the plan restores the source, and apply does. */
    private static CliRun.Result restoredByApply(MemoryWorld cloud) {
        CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
        assertTrue(plan.out().contains("RestoreSecret"), plan.all());
        assertTrue(plan.out().contains("an interrupted cutover deleted it"), plan.all());
        CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
        assertEquals(0, apply.exit(), apply.all());
        assertTrue(apply.out().contains("1 restored"), apply.out());
        JsonNode s = cloud.secrets("cn-hangzhou").get(NAME);
        assertTrue(
                s.path("plannedDeleteTime").isMissingNode()
                        || s.get("plannedDeleteTime").isNull(),
                apply.all());
        return apply;
    }
}
