package io.kmsmig.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.Checks;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cutover must not delete a source on a verification that no longer holds, whichever region changed since: a source
 * deleted and re-created with the same version ids and stages but other values is another secret than the one verified.
 * Over the world in memory.
 */
class CutoverBreakTest {
    private static final String CUTOVER =
            "execution: { parallelism: 1 }\n" + "cutover: { deleteSource: %s, recoveryWindowDays: 7, quietPeriod: 7d }";

    @TempDir
    Path dir;

    @Test
    void plan_keepsTheSource_whenTheSourceWasRecreatedWithOtherValuesSinceVerify() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), String.format(CUTOVER, false))) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            CliRun.Result verified = cloud.run("verify", "-f", "spec.yaml");
            assertEquals(0, verified.exit(), verified.all());
            // when: the source secret is deleted and re-created (same ids and stages, other values, later times)
            edit(cloud, "cn-hangzhou", "app1/secret-1", o -> {
                shift(o);
                o.get("versions")
                        .forEach(v -> ((ObjectNode) v)
                                .put("data", "CANARY new source " + v.get("id").asString()));
            });
            cloud.writeSpec(String.format(CUTOVER, true));
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            // then: its source is not deleted on the old verification; a fresh verify would find the difference
            assertEquals(0, plan.exit(), plan.all());
            assertTrue(plan.out().contains("app1/secret-1  (Generic, cutover-blocked)"), plan.out());
            assertTrue(plan.out().contains("source changed since it was verified"), plan.out());
            CliRun.Result again = cloud.run("verify", "-f", "spec.yaml");
            assertEquals(1, again.exit(), again.all());
            Checks.leakFree(dir, verified, plan, again);
        }
    }

    @Test
    void plan_keepsTheSource_whenOnlyTheDestinationsDescriptionChangedSinceVerify() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(2, true, "{}"), String.format(CUTOVER, false))) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            edit(cloud, "cn-shanghai", "app1/secret-1", o -> o.put("description", "changed by hand"));
            cloud.writeSpec(String.format(CUTOVER, true));
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            assertFalse(plan.out().contains("- app1/secret-1  (Generic, cutover)"), plan.out());
            Checks.leakFree(dir, plan);
        }
    }

    /**
     * A foreign read older than a hundred of kmsmig's own calls (three LookupEvents pages of 50), and a second quiet
     * period window (45 days: two 30-day queries): found on a later page of the older window.
     */
    @Test
    void plan_findsForeignUse_behindManyPagesOfKmsmigsOwnCalls_inAnOlderWindow() throws IOException {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        StringBuilder events = new StringBuilder("events:\n");
        for (int i = 0; i < 120; i++) {
            events.append("  - { eventId: own-")
                    .append(i)
                    .append(", eventName: GetSecretValue, eventTime: \"")
                    .append(now.minus(Duration.ofDays(31)).minusSeconds(i))
                    .append("\", eventRW: Read, region: cn-hangzhou," + " requestId: r-own-")
                    .append(i)
                    .append(
                            ", sourceIpAddress: 10.0.0.1, userAgent: \"kmsmig/0.1.0\","
                                    + " accessKeyId: LTAIgenMigrator, userName: migrator, resourceName: app0/secret-0, requestParameters: {} }\n");
        }
        Instant old = now.minus(Duration.ofDays(40));
        events.append("  - { eventId: e-old, eventName: GetSecretValue, eventTime: \"")
                .append(old)
                .append(
                        "\", eventRW: Read,"
                                + " region: cn-hangzhou, requestId: r-old, sourceIpAddress: 10.0.0.9, userAgent: \"orders-service/1.4.2\","
                                + " accessKeyId: LTAIgenApp, userName: orders-app, resourceName: app0/secret-0, requestParameters: {} }\n");
        String cutover =
                "execution: { parallelism: 1 }\ncutover: { deleteSource: %s, recoveryWindowDays: 7, quietPeriod: 45d }";
        try (MemoryWorld cloud =
                new MemoryWorld(dir, Worlds.generic(1, true, "{}") + events, String.format(cutover, false))) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            cloud.writeSpec(String.format(cutover, true));
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            assertEquals(0, plan.exit(), plan.all());
            assertTrue(plan.out().contains("app0/secret-0  (Generic, cutover-blocked)"), plan.out());
            assertTrue(
                    plan.out()
                            .contains(
                                    "orders-app (LTAIgenApp, RAM user acs:ram::1234567890123456:user/orders-app) called GetSecretValue at "
                                            + old),
                    plan.out());
        }
    }

    private static void shift(ObjectNode o) {
        o.put(
                "createTime",
                Instant.parse(o.get("createTime").asString())
                        .plus(Duration.ofHours(1))
                        .toString());
        for (JsonNode v : o.get("versions")) {
            ObjectNode vo = (ObjectNode) v;
            vo.put(
                    "created",
                    Instant.parse(vo.get("created").asString())
                            .plus(Duration.ofHours(1))
                            .toString());
        }
    }

    private static void edit(MemoryWorld cloud, String region, String name, Consumer<ObjectNode> change) {
        ObjectNode world = cloud.memory.dump();
        boolean found = false;
        for (JsonNode s : world.at("/regions/" + region + "/secrets")) {
            if (s.get("name").asString().equals(name)) {
                change.accept((ObjectNode) s);
                found = true;
            }
        }
        assertTrue(found, name + " in " + region);
        cloud.memory.replaceWorld(world);
    }
}
