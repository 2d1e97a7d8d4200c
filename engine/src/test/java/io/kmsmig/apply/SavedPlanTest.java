package io.kmsmig.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.Checks;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A saved plan is applied only when planning again from the spec, the state and fresh reads of both regions gives
 * exactly its work; an edited file (even with a recomputed checksum) or a changed destination is refused, naming the
 * first difference, and nothing is written to KMS or the state. Over the world in memory (the saved-plan resume over
 * HTTPS through the real SDK is ApplyRecoveryTest's).
 */
class SavedPlanTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CUTOVER = "cutover: { deleteSource: %s, recoveryWindowDays: 7, quietPeriod: 7d }";

    @TempDir
    Path dir;

    /** Edits a saved plan the way an attacker would: change it, then recompute its checksum and plan id. */
    private void edit(String file, Consumer<ObjectNode> change) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(dir.resolve(file)));
        doc.remove("plan_id");
        doc.remove("checksum");
        change.accept(doc);
        String sum =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(doc)));
        doc.put("plan_id", sum.substring(0, 16));
        doc.put("checksum", "sha256:" + sum);
        Files.writeString(
                dir.resolve(file), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
    }

    private static ObjectNode action(ObjectNode plan, String api, String secret) {
        for (JsonNode a : plan.get("actions")) {
            if (api.equals(a.get("action").asString())
                    && secret.equals(a.get("secret").asString())) {
                return (ObjectNode) a;
            }
        }
        throw new AssertionError("no " + api + " on " + secret + " in the plan");
    }

    private void assertRefusedUnchanged(MemoryWorld cloud, CliRun.Result r, String difference, byte[] stateBefore)
            throws IOException {
        assertEquals(1, r.exit(), r.all());
        assertTrue(
                r.err().contains("Saved plan is stale; nothing was applied.")
                        && r.err().contains(difference),
                r.err());
        assertFalse(r.all().contains("internal error") || r.all().contains("This is a bug"), r.all());
        assertEquals(0, cloud.memory.calls().writes(), "no write reached KMS");
        assertArrayEquals(
                stateBefore,
                Files.exists(dir.resolve("state.json")) ? Files.readAllBytes(dir.resolve("state.json")) : null,
                "the state is unchanged");
    }

    @Test
    void editedCutoverPlan_withRecomputedChecksumAndLongerRecoveryWindow_isRefusedNamingTheDifference()
            throws Exception {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), String.format(CUTOVER, false))) {
            // given a verified migration and a saved cutover plan whose recovery window was edited from 7 to 30 days
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            cloud.writeSpec(String.format(CUTOVER, true));
            assertEquals(
                    0, cloud.run("plan", "-f", "spec.yaml", "-o", "cut.kmsplan").exit());
            Files.copy(dir.resolve("cut.kmsplan"), dir.resolve("edited.kmsplan"));
            edit("edited.kmsplan", p -> {
                ObjectNode delete = action(p, "DeleteSecret", "app0/secret-0");
                ((ObjectNode) delete.get("payload")).put("windowDays", 30);
                ((ObjectNode) delete.get("params")).put("RecoveryWindowInDays", "30");
            });
            byte[] state = Files.readAllBytes(dir.resolve("state.json"));
            cloud.memory.calls().clear();
            // when
            CliRun.Result r = cloud.run("apply", "-f", "spec.yaml", "edited.kmsplan");
            // then
            assertRefusedUnchanged(
                    cloud,
                    r,
                    "app0/secret-0: action #1 DeleteSecret cn-hangzhou app0/secret-0 has "
                            + "RecoveryWindowInDays=30 in the saved plan, RecoveryWindowInDays=7 now",
                    state);
            // and the plan as saved still applies, with the window the spec asks for
            CliRun.Result ok = cloud.run("apply", "-f", "spec.yaml", "cut.kmsplan");
            assertEquals(0, ok.exit(), ok.all());
            assertTrue(ok.out().contains("3 source deleted"), ok.out());
            Checks.leakFree(dir, r, ok);
        }
    }

    @Test
    void editedPlan_whoseParamsNoLongerSayWhatItsPayloadDoes_isRefusedBeforeAnything() throws Exception {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), String.format(CUTOVER, false))) {
            // given a saved cutover plan whose summary for people was edited (30 days) while its payload says 7
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            cloud.writeSpec(String.format(CUTOVER, true));
            assertEquals(
                    0, cloud.run("plan", "-f", "spec.yaml", "-o", "cut.kmsplan").exit());
            edit(
                    "cut.kmsplan",
                    p -> ((ObjectNode)
                                    action(p, "DeleteSecret", "app0/secret-0").get("params"))
                            .put("RecoveryWindowInDays", "30"));
            byte[] state = Files.readAllBytes(dir.resolve("state.json"));
            cloud.memory.calls().clear();
            // when
            CliRun.Result r = cloud.run("apply", "-f", "spec.yaml", "cut.kmsplan");
            // then what a reviewer read and what would run must agree, or nothing runs
            assertEquals(1, r.exit(), r.all());
            assertTrue(
                    r.err()
                            .contains("Cannot use plan file cut.kmsplan: action #1: its versionId, stage or params "
                                    + "(the summary for people) do not match its payload (what apply executes)"),
                    r.err());
            assertEquals(0, cloud.memory.calls().writes(), "no write reached KMS");
            assertArrayEquals(state, Files.readAllBytes(dir.resolve("state.json")), "the state is unchanged");
        }
    }

    @Test
    void savedPlan_withAnInjectedDeleteSecretOnAGenericSecret_isRefusedWithoutAnInternalError() throws Exception {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), "")) {
            // given a saved plan with a DeleteSecret in the source added to a secret being re-created
            assertEquals(
                    0, cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan").exit());
            Files.copy(dir.resolve("p.kmsplan"), dir.resolve("injected.kmsplan"));
            int[] seq = new int[1];
            edit("injected.kmsplan", p -> {
                ArrayNode actions = (ArrayNode) p.get("actions");
                int last = 0;
                for (JsonNode a : actions) {
                    if ("app1/secret-1".equals(a.get("secret").asString())) {
                        last = a.get("seq").asInt();
                    }
                }
                seq[0] = actions.size() + 1;
                ObjectNode d = actions.addObject()
                        .put("seq", seq[0])
                        .put("action", "DeleteSecret")
                        .put("side", "source")
                        .put("region", "cn-hangzhou")
                        .put("secret", "app1/secret-1")
                        .putNull("versionId")
                        .putNull("stage");
                d.putObject("payload")
                        .put("kind", "delete")
                        .put("windowDays", 7)
                        .put("force", false);
                d.putObject("params").put("RecoveryWindowInDays", "7");
                d.put("reason", "injected");
                d.putArray("dependsOn").add(last);
                for (JsonNode s : p.get("secrets")) {
                    if ("app1/secret-1".equals(s.get("name").asString())) {
                        ((ArrayNode) s.get("actions")).add(seq[0]);
                    }
                }
            });
            cloud.memory.calls().clear();
            // when
            CliRun.Result r = cloud.run("apply", "-f", "spec.yaml", "injected.kmsplan");
            // then
            assertRefusedUnchanged(
                    cloud,
                    r,
                    "app1/secret-1: action #" + seq[0] + " DeleteSecret cn-hangzhou app1/secret-1 "
                            + "is in the saved plan, not in the plan made now",
                    null);
            // and the plan as saved still applies
            CliRun.Result ok = cloud.run("apply", "-f", "spec.yaml", "p.kmsplan");
            assertEquals(0, ok.exit(), ok.all());
            Checks.destinationEqualsSource(cloud);
            Checks.leakFree(dir, r, ok);
        }
    }

    @Test
    void savedPlan_afterTheDestinationLostTheSecretItImports_isRefusedAndRecordsNothing() throws Exception {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.genericWithInstanceSecret(2), "")) {
            // given the instance secret restored from a backup, and a saved plan that imports it
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            cloud.memory.restoreInstanceBackup("cn-hangzhou", "kst-hz-gen", "cn-shanghai", "kst-sh-gen", "key-sh-gen");
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan");
            assertTrue(plan.out().contains("vault/instance-token  (Generic, import)"), plan.out());
            // when the destination loses it (a sandbox reset, a console deletion) before the saved plan is applied
            ObjectNode world = cloud.memory.dump();
            ArrayNode dst = (ArrayNode) world.at("/regions/cn-shanghai/secrets");
            for (int i = dst.size() - 1; i >= 0; i--) {
                if ("vault/instance-token".equals(dst.get(i).get("name").asString())) {
                    dst.remove(i);
                }
            }
            cloud.memory.replaceWorld(world);
            byte[] state = Files.readAllBytes(dir.resolve("state.json"));
            cloud.memory.calls().clear();
            CliRun.Result r = cloud.run("apply", "-f", "spec.yaml", "p.kmsplan");
            // then
            assertRefusedUnchanged(
                    cloud, r, "vault/instance-token: import in the saved plan, backup-restore now", state);
            CliRun.Result show = cloud.run("state", "show", "-f", "spec.yaml", "vault/instance-token");
            assertFalse(show.out().contains("status:       migrated"), "not recorded as imported: " + show.all());
            Checks.leakFree(dir, r, show);
        }
    }

    @Test
    void savedPlan_isRefusedWhenADestinationSecretWasDeletedSinceThePlan() throws Exception {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), "")) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(
                    0, cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan").exit());
            ObjectNode world = cloud.memory.dump();
            ArrayNode dst = (ArrayNode) world.at("/regions/cn-shanghai/secrets");
            String gone = dst.get(0).get("name").asString();
            dst.remove(0);
            cloud.memory.replaceWorld(world);
            byte[] state = Files.readAllBytes(dir.resolve("state.json"));
            cloud.memory.calls().clear();
            CliRun.Result r = cloud.run("apply", "-f", "spec.yaml", "p.kmsplan");
            assertRefusedUnchanged(cloud, r, gone + ": in-sync in the saved plan, ", state);
            Checks.leakFree(dir, r);
        }
    }

    @Test
    void resumingASavedPlan_refusesItWhenASecretItHasNotTouchedChangedInTheDestination() throws Exception {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(4, true, "{}"), "execution: { parallelism: 1 }")) {
            // given a saved-plan apply stopped (Ctrl-C) while its first write was in flight: app3/secret-3 not started
            assertEquals(
                    0, cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan").exit());
            CountDownLatch reached = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            cloud.memory.onWriteApplied(n -> {
                reached.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CliRun run = cloud.cli();
            CompletableFuture<CliRun.Result> apply =
                    CompletableFuture.supplyAsync(() -> run.run("apply", "-f", "spec.yaml", "p.kmsplan"));
            assertTrue(reached.await(60, TimeUnit.SECONDS), "the first write reached KMS");
            Thread ctrlC = new Thread(run::interrupt);
            ctrlC.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ctrlC.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the handler has asked apply to stop once it waits for apply to end
            }
            cloud.memory.onWriteApplied(n -> {});
            release.countDown();
            assertEquals(130, apply.get(60, TimeUnit.SECONDS).exit());
            ctrlC.join(60_000);
            // when app3/secret-3 appears in the destination with other content before the apply is resumed
            ObjectNode world = cloud.memory.dump();
            ArrayNode dst = (ArrayNode) world.at("/regions/cn-shanghai/secrets");
            ObjectNode copy = ((ObjectNode) dst.get(0)).deepCopy().put("name", "app3/secret-3");
            dst.add(copy);
            cloud.memory.replaceWorld(world);
            byte[] state = Files.readAllBytes(dir.resolve("state.json"));
            cloud.memory.calls().clear();
            CliRun.Result r = cloud.run("apply", "-f", "spec.yaml", "p.kmsplan");
            // then
            assertRefusedUnchanged(cloud, r, "app3/secret-3: recreate in the saved plan, ", state);
            // and once the destination is back as planned, the same plan resumes and finishes
            dst.remove(dst.size() - 1);
            cloud.memory.replaceWorld(world);
            CliRun.Result resumed = cloud.run("apply", "-f", "spec.yaml", "p.kmsplan");
            assertEquals(0, resumed.exit(), resumed.all());
            assertTrue(resumed.out().contains("Resuming the interrupted apply"), resumed.out());
            Checks.destinationEqualsSource(cloud);
            Checks.leakFree(dir, r, resumed);
        }
    }
}
