package io.kmsmig.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.AppReader;
import io.kmsmig.support.Checks;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An application that signs with a key of kmsmig's own RAM user (a shared "migrator" user is common) is not kmsmig:
 * its GetSecretValue, made with another program's User-Agent, is use, and cutover keeps the source (issue 13, item 1:
 * kmsmig's own calls are recognised by principal, but a value read by another program under that principal is still
 * a reader the cutover would break). End to end: the CLI over the real SDKs to the emulator.
 */
class CutoverSharedIdentityTest {
    private static final String ACCOUNT = "1234567890123456";
    /** ActionTrail paced at 50 calls per second, not its default 2: the limit is not what this test is about. */
    private static final String CUTOVER = "execution: { parallelism: 1, rateLimits: { actionTrail: 50 } }\n"
            + "cutover: { deleteSource: %s, recoveryWindowDays: 7, quietPeriod: 7d }";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private static String world() {
        String world = Worlds.generic(3, true, "{}");
        assertTrue(world.contains("\nsemantics:"), world);
        return world.replaceFirst(
                "\nsemantics:",
                "\n"
                        + Matcher.quoteReplacement(
                                "  - { id: LTAIgenMigratorB, secret: gen-migrator-b-secret, user: migrator }\nsemantics:"));
    }

    @Test
    void cutover_isBlocked_whenAnotherProgramReadsTheValueAsKmsmigsOwnUser() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world(), String.format(CUTOVER, false))) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            // given: an application reads one secret with the second key of the migrator user, and describes another
            AppReader.read(cloud.emulator, "cn-hangzhou", "LTAIgenMigratorB", "app1/secret-1");
            AppReader.describe(cloud.emulator, "cn-hangzhou", "LTAIgenMigratorB", "app2/secret-2");
            // when: kmsmig plans the cutover
            cloud.writeSpec(String.format(CUTOVER, true));
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            // then: the value read keeps its source and says it is another program under kmsmig's identity; the
            // metadata-only reads do not (they show no value), and the plan says they were not counted
            assertEquals(0, plan.exit(), plan.all());
            assertTrue(plan.out().contains("2 to delete"), plan.out());
            assertTrue(plan.out().contains("app1/secret-1  (Generic, cutover-blocked)"), plan.out());
            assertTrue(
                    plan.out()
                            .contains("migrator (LTAIgenMigratorB, RAM user acs:ram::" + ACCOUNT
                                    + ":user/migrator) called GetSecretValue at "),
                    plan.out());
            assertTrue(plan.out().contains(" (kmsmig's own identity, but User-Agent \"AlibabaCloud "), plan.out());
            assertTrue(
                    plan.out()
                            .contains(" orders-service/1.4.2\" is not kmsmig's: another program signs with "
                                    + "kmsmig's credentials; give it its own)"),
                    plan.out());
            Checks.leakFree(dir, plan);
        }
    }

    @Test
    void savedPlan_listingAnApplicationsPrincipalAsThePlanners_doesNotExcuseItsValueReads() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world(), String.format(CUTOVER, false))) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            cloud.writeSpec(String.format(CUTOVER, true));
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml", "-o", "cutover.kmsplan");
            assertTrue(plan.out().contains("3 to delete"), plan.out());
            // given: after the plan, an application reads a secret; the plan file is edited (checksum recomputed) to
            // list the application's user as an identity the plan was made as
            AppReader.read(cloud.emulator, "cn-hangzhou", "LTAIgenApp", "app1/secret-1");
            ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("cutover.kmsplan")));
            doc.remove("plan_id");
            doc.remove("checksum");
            ArrayNode ids = doc.putArray("identities");
            ids.add("acs:ram::" + ACCOUNT + ":user/migrator");
            ids.add("acs:ram::" + ACCOUNT + ":user/orders-app");
            byte[] compact = JSON.writeValueAsBytes(doc);
            String sum = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(compact));
            doc.put("plan_id", sum.substring(0, 16));
            doc.put("checksum", "sha256:" + sum);
            Files.writeString(
                    dir.resolve("cutover.kmsplan"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            // when: it is applied
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "cutover.kmsplan", "--auto-approve");
            // then: the application's value read (another program's User-Agent) still counts: the plan made again
            // keeps that source, so the saved plan is refused and nothing is deleted or recorded
            assertEquals(1, apply.exit(), apply.all());
            assertTrue(apply.all().contains("Saved plan is stale; nothing was applied"), apply.all());
            Map<String, JsonNode> source = cloud.secrets("cn-hangzhou");
            assertTrue(source.values().stream().noneMatch(n -> n.hasNonNull("plannedDeleteTime")), apply.all());
            assertTrue(
                    apply.all()
                            .contains("orders-app (LTAIgenApp, RAM user acs:ram::" + ACCOUNT
                                    + ":user/orders-app) called GetSecretValue at "),
                    apply.all());
            assertTrue(!Files.readString(dir.resolve("state.json")).contains("user/orders-app"), apply.all());
            Checks.leakFree(dir, plan, apply);
        }
    }
}
