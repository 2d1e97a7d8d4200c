package io.kmsmig.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.state.InFlight;
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import io.kmsmig.state.StateStore;
import io.kmsmig.support.AppReader;
import io.kmsmig.support.Checks;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Cutover: evidence, blocking by ActionTrail, deletion with a window, undo. The whole flow runs end to end over the
 * emulator through the real SDKs (HTTPS, signatures, ActionTrail's wire); the other cases run the same commands over
 * the world in memory.
 */
class CutoverTest {
    private static final String CUTOVER = "policies: { instanceSecrets: backup-restore }\n"
            + "cutover: { deleteSource: %s, recoveryWindowDays: 7, quietPeriod: 7d%s }";
    private static final String PACE = "execution: { rateLimits: { actionTrail: 100, secretCreateDelete: 100 } }\n";

    @TempDir
    Path dir;

    private static Map<String, JsonNode> comparable(Map<String, JsonNode> secrets) {
        Map<String, JsonNode> out = new TreeMap<>();
        secrets.forEach((k, v) -> out.put(k, EmulatedCloud.comparable(v)));
        return out;
    }

    @Test
    void verifyCutoverAndRestore_completeThroughThrottlingFiveHundredsAndDroppedConnections() throws IOException {
        // Without the server's real-time quotas: in memory retries do not wait, so a quota bucket would not refill
        // between them (ApplyEndToEndTest keeps the quotas over HTTPS).
        String storm = "{ \"throttleRate\": 0.3, \"seed\": 4, \"failures\": [ { \"action\": \"*\", "
                + "\"rate\": 0.1, \"status\": 503 }, { \"action\": \"*\", \"rate\": 0.05, \"drop\": true } ] }";
        String extra = "execution: { maxAttempts: 20 }\n";
        MemoryWorld cloud =
                new MemoryWorld(dir, Worlds.generic(8, true, "{}"), extra + String.format(CUTOVER, false, ""));
        assertEquals(0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
        cloud.memory.setFaults(
                io.kmsmig.emulator.faults.FaultConfig.fromJson(io.kmsmig.emulator.openapi.Json.MAPPER.readTree(storm)));
        CliRun.Result verify = cloud.run("verify", "-f", "spec.yaml");
        assertEquals(0, verify.exit(), verify.all());
        assertTrue(verify.out().contains("Verify: 8 verified, 0 different, 0 failed to read"), verify.out());
        cloud.writeSpec(extra + String.format(CUTOVER, true, ""));
        CliRun.Result cut = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
        assertEquals(0, cut.exit(), cut.all());
        assertTrue(cut.out().contains("8 source deleted"), cut.out());
        cloud.writeSpec(extra + String.format(CUTOVER, false, ""));
        CliRun.Result undo = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
        assertEquals(0, undo.exit(), undo.all());
        assertTrue(undo.out().contains("8 restored"), undo.out());
        assertFalse(
                (verify.all() + cut.all() + undo.all()).contains("Rejected.Throttling"),
                "no throttling reaches the user");
        assertTrue(cloud.memory.calls().codes().getOrDefault("Rejected.Throttling", 0L) > 0, "the storm happened");
        cloud.memory.setFaults(io.kmsmig.emulator.faults.FaultConfig.NONE);
        cloud.secrets("cn-hangzhou")
                .forEach((name, s) -> assertTrue(
                        s.path("plannedDeleteTime").isMissingNode()
                                || s.get("plannedDeleteTime").isNull(),
                        name + " is restored"));
        Checks.destinationEqualsSource(cloud);
    }

    @Test
    void cutover_showsOverridesLoudly_andBlocksASourceChangedSinceVerify() throws IOException {
        MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), String.format(CUTOVER, false, ""));
        assertEquals(0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
        assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
        cloud.appRead("cn-hangzhou", "LTAIgenApp", "app0/secret-0");
        tools.jackson.databind.node.ObjectNode world = cloud.memory.dump();
        for (String region : new String[] {"cn-hangzhou", "cn-shanghai"}) { // changed in both: still in sync
            for (JsonNode s : world.at("/regions/" + region + "/secrets")) {
                if (s.get("name").asString().equals("app2/secret-2")) {
                    ((tools.jackson.databind.node.ObjectNode) s.get("tags")).put("owner", "someone");
                }
            }
        }
        cloud.memory.replaceWorld(world);
        cloud.writeSpec(String.format(
                CUTOVER,
                true,
                ", forceDeleteWithoutRecovery: true, ignoreRecentUse: "
                        + "{ app0/secret-0: \"the health check reads it; it retires with the region\" }"));
        CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
        String text = plan.out();
        assertTrue(
                text.contains(
                        "DELETING DESPITE RECENT USE (cutover.ignoreRecentUse: \"the health check reads it; it "
                                + "retires with the region\"): orders-app (LTAIgenApp, RAM user acs:ram::1234567890123456:user/orders-app) called GetSecretValue"),
                text);
        assertTrue(text.contains("ForceDeleteWithoutRecovery=true"), text);
        assertTrue(text.contains("forceDeleteWithoutRecovery is set: this deletion cannot be undone"), text);
        assertTrue(text.contains("app2/secret-2  (Generic, cutover-blocked)"), text);
        assertTrue(text.contains("the source changed since it was verified at "), text);
        assertTrue(text.contains("ActionTrail shows 1 foreign call (overridden by cutover.ignoreRecentUse)"), text);
        CliRun.Result md = cloud.run("plan", "-f", "spec.yaml", "--format", "markdown");
        assertTrue(md.out().contains("> [!CAUTION]"), md.out());
        assertTrue(md.out().contains("DELETING DESPITE RECENT USE"), md.out());
    }

    @Test
    void cutover_deletesTheVerifiedUnusedSources_blocksTheOneStillRead_andRestoresWhenWithdrawn() throws IOException {
        // The client paces LookupEvents at ActionTrail's 2 calls a second (kms-openapi.md §16), one per secret per
        // check:
        // real seconds this test is not about (the emulator enforces no quota here), so it lifts the limit.
        try (EmulatedCloud cloud =
                new EmulatedCloud(dir, Worlds.genericWithInstanceSecret(4), PACE + String.format(CUTOVER, false, ""))) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            CliRun.Result manual = cloud.run("plan", "-f", "spec.yaml");
            assertTrue(manual.out().contains("back up KMS instance kst-hz-gen"), manual.out());

            // The manual step, as the console does it; plan then recognises the restored secret.
            assertEquals(
                    java.util.List.of("vault/instance-token"),
                    cloud.emulator.restoreInstanceBackup(
                            "cn-hangzhou", "kst-hz-gen", "cn-shanghai", "kst-sh-gen", "key-sh-gen"));
            CliRun.Result restored = cloud.run("plan", "-f", "spec.yaml");
            assertTrue(
                    restored.out().contains("restored from the backup of kst-hz-gen; it matches the source"),
                    restored.out());
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            CliRun.Result verify = cloud.run("verify", "-f", "spec.yaml");
            assertTrue(verify.out().contains("Verify: 5 verified, 0 different"), verify.all());
            Map<String, JsonNode> destinationBefore = comparable(cloud.secrets("cn-shanghai"));

            AppReader.read(cloud.emulator, "cn-hangzhou", "LTAIgenApp", "app1/secret-1");
            cloud.writeSpec(PACE + String.format(CUTOVER, true, ""));
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml", "-o", "cutover.kmsplan");
            assertEquals(0, plan.exit(), plan.all());
            String text = plan.out();
            assertTrue(
                    text.contains(
                            "Plan: 0 to create, 0 to update, 0 to delete-and-recreate, 4 to delete, 0 to restore, 0 manual, 0 not required, "
                                    + "0 skipped, 0 in sync, 0 to record in state, 0 already deleted, "),
                    text);
            assertTrue(
                    text.contains(
                            "orders-app (LTAIgenApp, RAM user acs:ram::1234567890123456:user/orders-app) called GetSecretValue at "),
                    text);
            assertTrue(text.contains("ActionTrail shows no use by anyone but kmsmig in the last 7d"), text);
            assertTrue(text.contains("RecoveryWindowInDays=7"), text);
            assertFalse(text.contains("ForceDeleteWithoutRecovery"), text);
            CliRun.Result md = cloud.run("show", "cutover.kmsplan", "--format", "markdown");
            assertTrue(md.out().contains("> [!WARNING]\n> **This plan deletes 4 secrets in cn-hangzhou.**"), md.out());

            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "cutover.kmsplan", "--auto-approve");
            assertEquals(0, apply.exit(), apply.all());
            Map<String, JsonNode> source = cloud.secrets("cn-hangzhou");
            for (String name :
                    new String[] {"app0/secret-0", "app2/secret-2", "app3/secret-3", "vault/instance-token"}) {
                assertNotNull(source.get(name).get("plannedDeleteTime"), name + " is pending deletion");
            }
            assertTrue(
                    source.get("app1/secret-1").path("plannedDeleteTime").isMissingNode()
                            || source.get("app1/secret-1")
                                    .get("plannedDeleteTime")
                                    .isNull(),
                    "the secret still read is kept");
            assertEquals(destinationBefore, comparable(cloud.secrets("cn-shanghai")), "the destination is intact");
            CliRun.Result state = cloud.run("state", "show", "-f", "spec.yaml", "app0/secret-0");
            assertTrue(state.out().contains("source deleted at "), state.out());
            assertTrue(state.out().contains(", restorable until "), state.out());
            CliRun.Result again = cloud.run("plan", "-f", "spec.yaml", "--detailed-exitcode");
            assertEquals(0, again.exit(), again.all());

            cloud.writeSpec(PACE + String.format(CUTOVER, false, ""));
            CliRun.Result undo = cloud.run("plan", "-f", "spec.yaml");
            assertTrue(
                    undo.out()
                            .contains(
                                    "Plan: 0 to create, 0 to update, 0 to delete-and-recreate, 0 to delete, 4 to restore, "
                                            + "0 manual, 0 not required, 0 skipped, "),
                    undo.out());
            assertEquals(
                    4,
                    undo.out().lines().filter(l -> l.contains("RestoreSecret")).count(),
                    undo.out());
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            cloud.secrets("cn-hangzhou")
                    .forEach((name, s) -> assertTrue(
                            s.path("plannedDeleteTime").isMissingNode()
                                    || s.get("plannedDeleteTime").isNull(),
                            name + " is restored"));
            Checks.leakFree(dir, manual, restored, verify, plan, md, apply, state, again, undo);
        }
    }

    /**
     * Issue 11 item 6: an apply killed after it recorded a DeleteSecret as intent and before KMS applied it leaves the
     * source live and the secret in flight. The re-planned apply deletes it, on the same evidence as an uninterrupted
     * run, instead of re-importing it and keeping the source (which needed yet another apply). The journal line is
     * written through the product's own journal, exactly as the killed apply writes it before its call.
     */
    @Test
    void applyKilledBetweenDeleteIntentAndItsCall_replannedApplyDeletesTheSource() throws IOException {
        MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(2, true, "{}"), String.format(CUTOVER, false, ""));
        assertEquals(0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
        CliRun.Result verify = cloud.run("verify", "-f", "spec.yaml");
        assertEquals(0, verify.exit(), verify.all());
        StateStore store = new StateStore(dir.resolve("state.json"), Clock.systemUTC());
        State verified = store.load(null);
        SecretState before = verified.secret("app1/secret-1").orElseThrow();
        assertEquals(SecretStatus.VERIFIED, before.status());
        Instant now = Instant.now();
        Journal killed = store.openJournal(verified, verified.specSha256());
        killed.record(before.withInFlight(new InFlight(2, InFlight.Write.DELETE_SECRET, null, null, now), now), true);
        killed.close(); // never compacted: the process died here, before its DeleteSecret reached KMS

        cloud.writeSpec(String.format(CUTOVER, true, ""));
        CliRun.Result again = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
        assertEquals(0, again.exit(), again.all());
        assertFalse(again.out().contains("the state does not record it yet"), again.out());
        assertTrue(again.out().contains("2 source deleted"), again.out());
        cloud.secrets("cn-hangzhou")
                .forEach((name, sec) ->
                        assertNotNull(sec.get("plannedDeleteTime"), name + " is pending deletion:\n" + again.all()));
        String list = cloud.run("state", "list", "-f", "spec.yaml").out();
        assertEquals(2, list.lines().filter(l -> l.contains(" source-deleted ")).count(), list);
        CliRun.Result after = cloud.run("plan", "-f", "spec.yaml", "--detailed-exitcode");
        assertEquals(0, after.exit(), after.all());
        Checks.leakFree(dir, verify, again, after);
    }
}
