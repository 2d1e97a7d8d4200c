package io.kmsmig.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.AppReader;
import io.kmsmig.support.Checks;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.StsSessions;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Cutover tells kmsmig's own calls by principal, not by this run's access key (issue 13, item 1): a pipeline signs
 * with several keys of one RAM user, with a read-only plan user and an apply user, or with STS sessions whose key ids
 * rotate, and none of their calls is use. Another principal's call still keeps the source, and the plan says who,
 * with which key, which API, when and from where. End to end: the CLI over the real SDKs to the emulator, whose STS
 * answers GetCallerIdentity and AssumeRole and whose ActionTrail names each caller's principal.
 */
class CutoverPrincipalsTest {
    private static final String ACCOUNT = "1234567890123456";
    /**
     * ActionTrail's default client limit is 2 calls per second, and a cutover plan reads it for every secret: at that
     * rate these tests mostly waited for tokens. The limit is not what they are about (ApplyEndToEndTest and the
     * emulator's LimitsAndFaultsTest are).
     */
    private static final String CUTOVER = "execution: { parallelism: 1, rateLimits: { actionTrail: 50 } }\n"
            + "cutover: { deleteSource: %s, recoveryWindowDays: 7, quietPeriod: 7d%s }";

    private static final String STS_CREDENTIALS = "credentials: { env: { accessKeyId: KMSMIG_AK_ID, "
            + "accessKeySecret: KMSMIG_AK_SECRET, securityToken: KMSMIG_AK_TOKEN } }";

    @TempDir
    Path dir;

    /** Three secrets; besides the generated keys, a second key of the migrator, a plan user, a scanner, two roles. */
    private static String world() {
        String world = Worlds.generic(3, true, "{}");
        String extra = String.join(
                "\n",
                "  - { id: LTAIgenMigratorB, secret: gen-migrator-b-secret, user: migrator }",
                "  - { id: LTAIgenPlanner, secret: gen-planner-secret, user: kmsmig-plan }",
                "  - { id: LTAIgenScanner, secret: gen-scanner-secret, user: sec-scanner }",
                "roles: [ { name: kmsmig-release }, { name: orders-role } ]",
                "semantics:");
        assertTrue(world.contains("\nsemantics:"), world);
        return world.replaceFirst("\nsemantics:", "\n" + java.util.regex.Matcher.quoteReplacement(extra));
    }

    private static CliRun as(EmulatedCloud cloud, String id, String secret) {
        return cloud.cli().env("KMSMIG_AK_ID", id).env("KMSMIG_AK_SECRET", secret);
    }

    private static CliRun as(EmulatedCloud cloud, StsSessions.Session s) {
        return cloud.cli()
                .env("KMSMIG_AK_ID", s.accessKeyId())
                .env("KMSMIG_AK_SECRET", s.accessKeySecret())
                .env("KMSMIG_AK_TOKEN", s.securityToken());
    }

    @Test
    void cutover_withAnotherKeyOfTheSameRamUser_isNotBlockedByTheFirstKeysCalls() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world(), String.format(CUTOVER, false, ""))) {
            // given: applied and verified with key A
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            CliRun.Result verified = cloud.run("verify", "-f", "spec.yaml");
            assertEquals(0, verified.exit(), verified.all());
            String state = Files.readString(dir.resolve("state.json"));
            assertTrue(
                    state.contains("\"identities\" : [ \"acs:ram::" + ACCOUNT + ":user/migrator\" ]")
                            || state.contains("\"identities\":[\"acs:ram::" + ACCOUNT + ":user/migrator\"]"),
                    state);
            // when: the cutover is planned and applied with key B of the same user
            cloud.writeSpec(String.format(CUTOVER, true, ""));
            CliRun.Result plan = as(cloud, "LTAIgenMigratorB", "gen-migrator-b-secret")
                    .run("plan", "-f", "spec.yaml", "-o", "cutover.kmsplan");
            // then: nothing is blocked, and the plan says which calls it did not count and why
            assertEquals(0, plan.exit(), plan.all());
            assertFalse(plan.out().contains("cutover-blocked"), plan.out());
            assertTrue(plan.out().contains("3 to delete"), plan.out());
            assertTrue(
                    plan.out().contains("ActionTrail shows no use by anyone but kmsmig in the last 7d; not counted: "),
                    plan.out());
            assertTrue(
                    plan.out().contains(" by kmsmig's own identities (acs:ram::" + ACCOUNT + ":user/migrator)"),
                    plan.out());
            CliRun.Result apply = as(cloud, "LTAIgenMigratorB", "gen-migrator-b-secret")
                    .run("apply", "-f", "spec.yaml", "cutover.kmsplan", "--auto-approve");
            assertEquals(0, apply.exit(), apply.all());
            assertEquals(3, pendingDeletion(cloud), apply.out());
            Checks.leakFree(dir, verified, plan, apply);
        }
    }

    @Test
    void cutover_plannedByTheReadOnlyUser_andAppliedByTheApplyUser_countsNeithersCalls() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world(), String.format(CUTOVER, false, ""))) {
            // given: the apply user (migrator) applied and verified; the plan job's user made plans meanwhile
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            assertEquals(
                    0,
                    as(cloud, "LTAIgenPlanner", "gen-planner-secret")
                            .run("plan", "-f", "spec.yaml")
                            .exit());
            // when: the plan job's user plans the cutover (the pipeline's pull request) ...
            cloud.writeSpec(String.format(CUTOVER, true, ""));
            CliRun.Result plan = as(cloud, "LTAIgenPlanner", "gen-planner-secret")
                    .run("plan", "-f", "spec.yaml", "-o", "cutover.kmsplan");
            // then: the apply user's calls are known from the state, the plan user's as this run's
            assertEquals(0, plan.exit(), plan.all());
            assertTrue(plan.out().contains("3 to delete"), plan.out());
            assertTrue(
                    plan.out()
                            .contains("by kmsmig's own identities (acs:ram::" + ACCOUNT + ":user/kmsmig-plan, acs:ram::"
                                    + ACCOUNT + ":user/migrator)"),
                    plan.out());
            // ... and the apply user applies it (the merge): the plan's own reads are not use either
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "cutover.kmsplan", "--auto-approve");
            assertEquals(0, apply.exit(), apply.all());
            assertEquals(3, pendingDeletion(cloud), apply.out());
            Checks.leakFree(dir, plan, apply);
        }
    }

    @Test
    void cutover_withStsSessionsOfOneRole_isNotBlockedWhenTheKeyIdRotates() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world(), String.format(CUTOVER, false, ""))) {
            stsSpec(cloud, false);
            // given: the release role migrated and verified in one session
            StsSessions.Session first =
                    StsSessions.assume(cloud.emulator, "LTAIgenMigrator", "kmsmig-release", "ci-101");
            assertEquals(
                    0,
                    as(cloud, first)
                            .run("apply", "-f", "spec.yaml", "--auto-approve")
                            .exit());
            CliRun.Result verified = as(cloud, first).run("verify", "-f", "spec.yaml");
            assertEquals(0, verified.exit(), verified.all());
            // when: the next pipeline run gets another session, with another key id
            StsSessions.Session next =
                    StsSessions.assume(cloud.emulator, "LTAIgenMigrator", "kmsmig-release", "ci-102");
            assertFalse(first.accessKeyId().equals(next.accessKeyId()));
            stsSpec(cloud, true);
            CliRun.Result plan = as(cloud, next).run("plan", "-f", "spec.yaml", "-o", "cutover.kmsplan");
            // then: the first session's calls are the role's, so kmsmig's
            assertEquals(0, plan.exit(), plan.all());
            assertFalse(plan.out().contains("cutover-blocked"), plan.out());
            assertTrue(plan.out().contains("3 to delete"), plan.out());
            assertTrue(
                    plan.out().contains("by kmsmig's own identities (acs:ram::" + ACCOUNT + ":role/kmsmig-release)"),
                    plan.out());
            CliRun.Result apply = as(cloud, next).run("apply", "-f", "spec.yaml", "cutover.kmsplan", "--auto-approve");
            assertEquals(0, apply.exit(), apply.all());
            assertEquals(3, pendingDeletion(cloud), apply.out());
            Checks.leakFree(dir, verified, plan, apply);
        }
    }

    @Test
    void cutover_isBlockedByAnotherPrincipal_andSaysWhoWhenWhichApiAndFromWhere() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world(), String.format(CUTOVER, false, ""))) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            // given: an application's RAM user reads one secret, another application's role session another
            AppReader.read(cloud.emulator, "cn-hangzhou", "LTAIgenApp", "app1/secret-1");
            StsSessions.Session pod = StsSessions.assume(cloud.emulator, "LTAIgenApp", "orders-role", "pod-7");
            AppReader.readAs(cloud.emulator, "cn-hangzhou", pod, "app2/secret-2");
            // when: kmsmig plans the cutover with another key of its own user
            cloud.writeSpec(String.format(CUTOVER, true, ""));
            CliRun.Result plan =
                    as(cloud, "LTAIgenMigratorB", "gen-migrator-b-secret").run("plan", "-f", "spec.yaml");
            // then: both are kept, each naming the caller, its key and principal, the API, the time and the address
            assertEquals(0, plan.exit(), plan.all());
            assertTrue(plan.out().contains("1 to delete"), plan.out());
            String when = "at 20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z from 127\\.0\\.0\\.1";
            assertTrue(
                    Pattern.compile(Pattern.quote("app1/secret-1  (Generic, cutover-blocked)"))
                            .matcher(plan.out())
                            .find(),
                    plan.out());
            assertTrue(
                    Pattern.compile(Pattern.quote("orders-app (LTAIgenApp, RAM user acs:ram::" + ACCOUNT
                                            + ":user/orders-app) called GetSecretValue ")
                                    + when)
                            .matcher(plan.out())
                            .find(),
                    plan.out());
            assertTrue(
                    Pattern.compile(Pattern.quote("orders-role:pod-7 (" + pod.accessKeyId() + ", role acs:ram::"
                                            + ACCOUNT + ":role/orders-role) called GetSecretValue ")
                                    + when)
                            .matcher(plan.out())
                            .find(),
                    plan.out());
            Checks.leakFree(dir, plan);
        }
    }

    @Test
    void trustedPrincipals_metadataReadsAreNotUse_butTheirGetSecretValueIs() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world(), String.format(CUTOVER, false, ""))) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            // given: a security scanner describes one secret and reads another's value
            AppReader.describe(cloud.emulator, "cn-hangzhou", "LTAIgenScanner", "app0/secret-0");
            AppReader.read(cloud.emulator, "cn-hangzhou", "LTAIgenScanner", "app1/secret-1");
            // when: it is not trusted, both its calls count
            cloud.writeSpec(String.format(CUTOVER, true, ""));
            CliRun.Result untrusted = cloud.run("plan", "-f", "spec.yaml");
            assertTrue(untrusted.out().contains("1 to delete"), untrusted.out());
            assertTrue(
                    untrusted
                            .out()
                            .contains("sec-scanner (LTAIgenScanner, RAM user acs:ram::" + ACCOUNT
                                    + ":user/sec-scanner) called ListSecretVersionIds at "),
                    untrusted.out());
            // when: the spec trusts it
            cloud.writeSpec(String.format(CUTOVER, true, ", trustedPrincipals: [ \"sec-*\" ]"));
            CliRun.Result trusted = cloud.run("plan", "-f", "spec.yaml");
            // then: its metadata reads are ignored (and the plan says so), its GetSecretValue still keeps the source
            assertEquals(0, trusted.exit(), trusted.all());
            assertTrue(trusted.out().contains("2 to delete"), trusted.out());
            assertTrue(
                    trusted.out().contains("2 metadata-only reads by principals in cutover.trustedPrincipals (sec-*)"),
                    trusted.out());
            assertTrue(trusted.out().contains("app1/secret-1  (Generic, cutover-blocked)"), trusted.out());
            assertTrue(
                    trusted.out()
                            .contains("sec-scanner (LTAIgenScanner, RAM user acs:ram::" + ACCOUNT
                                    + ":user/sec-scanner) called GetSecretValue at "),
                    trusted.out());
            Checks.leakFree(dir, untrusted, trusted);
        }
    }

    @Test
    void cutover_whenStsCannotSayWhoKmsmigIs_recognisesThisRunsKeyOnly_andSaysWhy() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world(), String.format(CUTOVER, false, ""))) {
            // given: an STS endpoint that does not answer GetCallerIdentity (here: ActionTrail's)
            String sts = "stsEndpoint: " + cloud.emulator.info().sts();
            String broken =
                    "stsEndpoint: " + cloud.emulator.info().actionTrail().get("cn-hangzhou");
            Path spec = dir.resolve("spec.yaml");
            Files.writeString(spec, Files.readString(spec).replace(sts, broken));
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            assertFalse(Files.readString(dir.resolve("state.json")).contains("identities"), "no identity to record");
            cloud.writeSpec(String.format(CUTOVER, true, ""));
            Files.writeString(spec, Files.readString(spec).replace(sts, broken));
            // when: planned with the same key, and with another key of the same user
            CliRun.Result same = cloud.run("plan", "-f", "spec.yaml");
            CliRun.Result other =
                    as(cloud, "LTAIgenMigratorB", "gen-migrator-b-secret").run("plan", "-f", "spec.yaml");
            // then: the same key's calls are still recognised (key and User-Agent); the other key's plan blocks, and
            // says why kmsmig could not tell its own calls
            assertTrue(same.out().contains("3 to delete"), same.out());
            assertTrue(other.out().contains("3 cutover blocked"), other.out());
            assertTrue(
                    other.out()
                            .contains("migrator (LTAIgenMigrator, RAM user acs:ram::" + ACCOUNT + ":user/migrator) "
                                    + "called "),
                    other.out());
            assertTrue(
                    other.out().contains("the source credentials' identity is unknown (STS GetCallerIdentity failed: "),
                    other.out());
            Checks.leakFree(dir, same, other);
        }
    }

    /** The spec with STS credentials (a securityToken variable) on both sides. */
    private void stsSpec(EmulatedCloud cloud, boolean deleteSource) throws IOException {
        cloud.writeSpec(String.format(CUTOVER, deleteSource, ""));
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(
                spec,
                Files.readString(spec)
                        .replace(
                                "credentials: { env: { accessKeyId: KMSMIG_AK_ID, accessKeySecret: KMSMIG_AK_SECRET } }",
                                STS_CREDENTIALS));
    }

    private static long pendingDeletion(EmulatedCloud cloud) {
        Map<String, JsonNode> source = cloud.secrets("cn-hangzhou");
        return source.values().stream()
                .filter(s -> s.hasNonNull("plannedDeleteTime"))
                .count();
    }
}
