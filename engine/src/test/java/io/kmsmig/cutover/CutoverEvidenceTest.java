package io.kmsmig.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.AppReader;
import io.kmsmig.support.Checks;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The evidence a source deletion rests on must hold when it is used: the destination still the one verified (at plan
 * time and again right before each DeleteSecret), and recent use found on the server's clock, whichever way kmsmig's
 * clock is off. Over the world in memory, and the server's clock once end to end over HTTPS through the real SDK.
 */
class CutoverEvidenceTest {
    private static final String CUTOVER =
            "execution: { parallelism: 1 }\n" + "cutover: { deleteSource: %s, recoveryWindowDays: 7, quietPeriod: 7d }";

    @TempDir
    Path dir;

    @Test
    void plan_keepsTheSource_whenTheDestinationWasRecreatedOutsideKmsmigSinceVerify() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), String.format(CUTOVER, false))) {
            // given: migrated and verified
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            CliRun.Result verified = cloud.run("verify", "-f", "spec.yaml");
            assertEquals(0, verified.exit(), verified.all());
            // when: someone deletes and re-creates a destination secret: same version ids, other values, new times
            recreateInDestination(cloud, "app1/secret-1");
            cloud.writeSpec(String.format(CUTOVER, true));
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            // then: its source is kept, the others go
            assertEquals(0, plan.exit(), plan.all());
            String text = plan.out();
            assertTrue(text.contains("app1/secret-1  (Generic, cutover-blocked)"), text);
            assertTrue(text.contains("destination changed since verify at "), text);
            assertTrue(text.contains(": run kmsmig verify -f "), text);
            assertTrue(text.contains("Plan: 0 to create, 0 to update, 0 to delete-and-recreate, 2 to delete,"), text);
            // and a fresh verify agrees that the destination no longer holds what was verified
            CliRun.Result again = cloud.run("verify", "-f", "spec.yaml");
            assertEquals(1, again.exit(), again.all());
            assertTrue(again.out().contains("DIFFERS"), again.out());
            Checks.leakFree(dir, verified, plan, again);
        }
    }

    @Test
    void plan_keepsTheSource_ofAStateVerifiedBeforeDestinationFingerprints() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(1, true, "{}"), String.format(CUTOVER, false))) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            // given: the state as an older kmsmig wrote it, without destination_fingerprint
            Path state = dir.resolve("state.json");
            ObjectNode json = (ObjectNode) io.kmsmig.emulator.openapi.Json.MAPPER.readTree(state.toFile());
            ((ObjectNode) json.at("/secrets/app0~1secret-0/verification")).remove("destination_fingerprint");
            java.nio.file.Files.write(state, io.kmsmig.emulator.openapi.Json.MAPPER.writeValueAsBytes(json));
            cloud.writeSpec(String.format(CUTOVER, true));
            // when
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            // then: read without complaint, and not trusted for a deletion until verify runs again
            assertEquals(0, plan.exit(), plan.all());
            assertTrue(plan.out().contains("app0/secret-0  (Generic, cutover-blocked)"), plan.out());
            assertTrue(plan.out().contains("not against a known destination"), plan.out());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            CliRun.Result after = cloud.run("plan", "-f", "spec.yaml");
            assertTrue(after.out().contains("1 to delete"), after.out());
            Checks.leakFree(dir, plan, after);
        }
    }

    @Test
    void apply_keepsTheSource_whenItsEvidenceChangesBetweenPlanAndItsDeletion() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), String.format(CUTOVER, false))) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            cloud.writeSpec(String.format(CUTOVER, true));
            // given: once the plan is made and the first deletion done (one secret at a time), one of the two secrets
            // still to go is read by an application, and the other's destination is re-created outside kmsmig
            AtomicBoolean fired = new AtomicBoolean();
            String[] changed = new String[2];
            cloud.memory.onWriteApplied(n -> {
                if (fired.compareAndSet(false, true)) {
                    List<String> live = cloud.secrets("cn-hangzhou").entrySet().stream()
                            .filter(e -> !pending(e.getValue()))
                            .map(Map.Entry::getKey)
                            .sorted()
                            .toList();
                    changed[0] = live.get(0);
                    changed[1] = live.get(1);
                    cloud.appRead("cn-hangzhou", "LTAIgenApp", changed[0]);
                    recreateInDestination(cloud, changed[1]);
                }
            });
            // when
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            // then: the plan promised three deletions; only the one whose evidence still held was made
            assertEquals(1, apply.exit(), apply.all());
            assertTrue(apply.out().contains("3 to delete"), apply.out());
            assertTrue(fired.get(), "the first deletion happened");
            assertTrue(apply.out().contains("1 source deleted"), apply.out());
            assertTrue(
                    apply.out()
                            .contains(changed[0] + ": not deleted, the source is kept (checked again right before "
                                    + "DeleteSecret): still in use within the quiet period (7d): orders-app (LTAIgenApp, RAM user acs:ram::1234567890123456:user/orders-app) called "
                                    + "GetSecretValue"),
                    apply.out());
            assertTrue(
                    apply.out()
                            .contains(changed[1] + ": not deleted, the source is kept (checked again right before "
                                    + "DeleteSecret): destination changed since verify at "),
                    apply.out());
            Map<String, JsonNode> source = cloud.secrets("cn-hangzhou");
            assertEquals(
                    1,
                    source.values().stream()
                            .filter(CutoverEvidenceTest::pending)
                            .count(),
                    source.keySet().toString());
            assertFalse(pending(source.get(changed[0])), changed[0] + " is kept");
            assertFalse(pending(source.get(changed[1])), changed[1] + " is kept");
            // the kept secrets keep their state (still verified, so verify checks them again), with the reason's code
            String list = cloud.run("state", "list", "-f", "spec.yaml").out();
            assertEquals(2, list.lines().filter(l -> l.contains(" verified ")).count(), list);
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            assertTrue(plan.out().contains(changed[1] + "  (Generic, cutover-blocked)"), plan.out());
            Checks.leakFree(dir, apply, plan);
        }
    }

    /**
     * The emulator's clock an hour or five minutes ahead of kmsmig's, or behind. Recent use is found either way: a read
     * seconds before the plan (missed when the window ends at kmsmig's clock and the server is ahead) and a read just
     * inside the quiet period by the server's clock (missed when the window starts at kmsmig's and the server is behind).
     */
    @ParameterizedTest(name = "server clock {0}s off")
    @ValueSource(longs = {3600, -3600, 300, -300})
    void plan_findsRecentUseOnTheServersClock_whicheverWayKmsmigsClockIsOff(long offsetSeconds) throws IOException {
        Instant edge = edge(offsetSeconds);
        try (MemoryWorld cloud =
                new MemoryWorld(dir, offsetWorld(offsetSeconds, edge), String.format(CUTOVER, false))) {
            findsRecentUse(
                    cloud::run,
                    () -> cloud.appRead("cn-hangzhou", "LTAIgenApp", "app0/secret-0"),
                    cloud::writeSpec,
                    edge);
        }
    }

    /** End to end: the server's clock read from the Date header of a real ActionTrail answer through the SDK. */
    @Test
    void plan_findsRecentUseOnTheServersClock_overHttpsThroughTheRealSdk() throws IOException {
        long offsetSeconds = 3600;
        Instant edge = edge(offsetSeconds);
        try (EmulatedCloud cloud =
                new EmulatedCloud(dir, offsetWorld(offsetSeconds, edge), String.format(CUTOVER, false))) {
            findsRecentUse(
                    cloud::run,
                    () -> AppReader.read(cloud.emulator, "cn-hangzhou", "LTAIgenApp", "app0/secret-0"),
                    cloud::writeSpec,
                    edge);
        }
    }

    /** A world whose clock is {@code offsetSeconds} off, with an application's read just inside the quiet period. */
    private static String offsetWorld(long offsetSeconds, Instant edge) {
        return Worlds.generic(3, true, "{}") + "clockOffsetSeconds: " + offsetSeconds + "\n"
                + "events:\n  - { eventId: e-edge, eventName: GetSecretValue, eventTime: \"" + edge
                + "\", eventRW: Read,"
                + " region: cn-hangzhou, requestId: r-edge, sourceIpAddress: 10.0.0.9, userAgent: \"orders-service/1.4.2\","
                + " accessKeyId: LTAIgenApp, userName: orders-app, resourceName: app2/secret-2, requestParameters: {} }\n";
    }

    /** Just inside the quiet period by the server's clock. */
    private static Instant edge(long offsetSeconds) {
        return Instant.now()
                .plusSeconds(offsetSeconds)
                .minus(Duration.ofDays(7))
                .plus(Duration.ofMinutes(2))
                .truncatedTo(ChronoUnit.SECONDS);
    }

    private void findsRecentUse(
            Function<String[], CliRun.Result> run, Runnable appRead, Consumer<String> writeSpec, Instant edge)
            throws IOException {
        assertEquals(
                0,
                run.apply(new String[] {"apply", "-f", "spec.yaml", "--auto-approve"})
                        .exit());
        assertEquals(0, run.apply(new String[] {"verify", "-f", "spec.yaml"}).exit());
        // given: an application reads a source secret seconds before the cutover plan
        appRead.run();
        writeSpec.accept(String.format(CUTOVER, true));
        // when
        CliRun.Result plan = run.apply(new String[] {"plan", "-f", "spec.yaml"});
        // then
        String text = plan.out();
        assertEquals(0, plan.exit(), plan.all());
        assertTrue(text.contains("app0/secret-0  (Generic, cutover-blocked)"), text);
        assertTrue(text.contains("app2/secret-2  (Generic, cutover-blocked)"), text);
        assertTrue(
                text.contains(
                        "orders-app (LTAIgenApp, RAM user acs:ram::1234567890123456:user/orders-app) called GetSecretValue at "
                                + edge),
                text);
        assertEquals(
                2,
                text.lines()
                        .filter(l -> l.contains("still in use within the quiet period (7d)"))
                        .count(),
                text);
        assertTrue(text.contains("1 to delete"), "kmsmig's own calls are not use: " + text);
        Checks.leakFree(dir, plan);
    }

    private static boolean pending(JsonNode secret) {
        return secret.hasNonNull("plannedDeleteTime");
    }

    /** Deletes and re-creates a destination secret as someone might by hand: same version ids, other values, later times. */
    private static void recreateInDestination(MemoryWorld cloud, String name) {
        ObjectNode world = cloud.memory.dump();
        for (JsonNode s : world.at("/regions/cn-shanghai/secrets")) {
            if (s.get("name").asString().equals(name)) {
                ObjectNode o = (ObjectNode) s;
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
                    vo.put("data", "CANARY re-created " + vo.get("id").asString());
                }
            }
        }
        cloud.memory.replaceWorld(world);
    }
}
