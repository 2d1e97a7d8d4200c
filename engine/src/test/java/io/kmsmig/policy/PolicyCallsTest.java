package io.kmsmig.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.emulator.actiontrail.AuditEvent;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every call each role's commands make, through the real SDKs to the emulator, is allowed by the policy
 * {@code kmsmig policy} prints for that role: the emulator's call log says which actions were called in which region,
 * its ActionTrail log on which secret or key; the RAM policy must allow each (with RAM's wildcard matching), and
 * CreateSecret, PutSecretValue and GetSecretValue also need GenerateDataKey or Decrypt on the secret's key.
 */
class PolicyCallsTest {
    private static final String ACCOUNT = "1234567890123456";
    private static final String SPEC = String.join(
            "\n",
            "secrets: { include: [\"app*/**\", \"vault/**\", \"acs/ram/user/*\"], exclude: [\"app9/**\"],",
            "           rename: { prefix: \"moved/\" } }",
            "policies: { instanceSecrets: recreate, ramSecrets: recreate }",
            "cutover: { deleteSource: %s, recoveryWindowDays: 7, quietPeriod: 7d }",
            // The default client-side pace (ActionTrail 2/s, create/delete 10/s) made most of this test's time
            // waiting; the calls made, and so what the policy must allow, are the same at any pace.
            "execution: { rateLimits: { actionTrail: 100, secretCreateDelete: 100 } }");

    @TempDir
    Path dir;

    private static String world() {
        return Worlds.genericWithInstanceSecret(6)
                .replace(
                        "  cn-shanghai:\n",
                        String.join(
                                "\n",
                                "      - name: acs/ram/user/deployer",
                                "        type: RAMCredentials",
                                "        extendedConfig: { SecretSubType: RamUserAccessKey, UserName: deployer, CustomData: {} }",
                                "        rotation: { enabled: true, interval: 30d }",
                                "        versions:",
                                "          - { id: r1, created: 2024-01-01T00:00:00Z, stages: [ACSCurrent], data: '{\"AccessKeyId\":\"LTAIdeployer\",\"AccessKeySecret\":\"CANARY ram\",\"GenerateTimestamp\":\"2024-01-01T00:00:00Z\"}' }",
                                "  cn-shanghai:",
                                ""));
    }

    @Test
    void everyCallOfEveryRole_isAllowedByThatRolesPolicy() {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world(), String.format(SPEC, false))) {
            List<String> denied = new ArrayList<>();
            denied.addAll(run(
                    cloud,
                    List.of("cn-hangzhou ListSecrets", "cn-shanghai DescribeKey"),
                    false,
                    "plan",
                    "plan",
                    "-f",
                    "spec.yaml"));
            denied.addAll(run(
                    cloud,
                    List.of(
                            "cn-hangzhou GetSecretValue",
                            "cn-shanghai CreateSecret",
                            "cn-shanghai PutSecretValue",
                            "cn-hangzhou GetSecretPolicy",
                            "cn-hangzhou DeleteSecret"),
                    false,
                    "apply",
                    "apply",
                    "-f",
                    "spec.yaml",
                    "--auto-approve"));
            denied.addAll(run(
                    cloud,
                    List.of("cn-hangzhou GetSecretValue", "cn-shanghai GetSecretValue"),
                    true,
                    "verify",
                    "verify",
                    "-f",
                    "spec.yaml"));
            cloud.writeSpec(String.format(SPEC, true));
            denied.addAll(run(cloud, List.of("cn-hangzhou LookupEvents"), true, "plan", "plan", "-f", "spec.yaml"));
            denied.addAll(run(
                    cloud,
                    List.of("cn-hangzhou LookupEvents", "cn-hangzhou DeleteSecret"),
                    false,
                    "cutover",
                    "apply",
                    "-f",
                    "spec.yaml",
                    "--auto-approve"));
            cloud.writeSpec(String.format(SPEC, false));
            denied.addAll(run(
                    cloud,
                    List.of("cn-hangzhou RestoreSecret"),
                    false,
                    "apply",
                    "apply",
                    "-f",
                    "spec.yaml",
                    "--auto-approve"));
            assertEquals(List.of(), denied, "calls the role's policy does not allow");
        }
    }

    /** Runs one command as {@code role}, which must call at least {@code mustCall} (and, if
     * {@code exact}, nothing its policy does not need); returns the calls its policy does not allow, as readable lines. */
    private List<String> run(EmulatedCloud cloud, List<String> mustCall, boolean exact, String role, String... args) {
        CliRun.Result p = cloud.run("policy", "-f", "spec.yaml", "--role", role, "--account", ACCOUNT);
        assertEquals(0, p.exit(), p.all());
        JsonNode policy = JsonMapper.builder().build().readTree(p.out());
        if (role.equals("plan")) {
            assertEquals(List.of(), resources(policy, "kms:GetSecretValue"), "the plan role never reads a value");
        }
        cloud.emulator.calls().clear();
        long mark = cloud.emulator.audit().added();
        CliRun.Result r = cloud.run(args);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.all());
        Map<String, JsonNode> sourceSecrets = cloud.secrets("cn-hangzhou");
        TreeSet<String> denied = new TreeSet<>(); // one line per action and resource
        TreeSet<String> called = new TreeSet<>();
        cloud.emulator.calls().counts().forEach((regionAction, n) -> {
            String region = regionAction.substring(0, regionAction.indexOf(' '));
            String action = regionAction.substring(regionAction.indexOf(' ') + 1);
            if (Catalog.NO_PERMISSION.contains(action)) {
                return;
            }
            called.add(regionAction);
            String service = action.equals("LookupEvents") ? "actiontrail" : "kms";
            if (!allowsIn(policy, service + ":" + action, "acs:" + service + ":" + region + ":" + ACCOUNT + ":")) {
                denied.add(role + " (" + String.join(" ", args) + "): " + service + ":" + action + " in " + region);
            }
        });
        if (exact) { // a read-only role that took every path gets exactly what it called
            assertEquals(called, granted(policy), role + "'s policy (without Decrypt) is what it called");
        }
        assertTrue(
                called.containsAll(mustCall), String.join(" ", args) + " took the paths this test is about: " + called);
        for (AuditEvent e : cloud.emulator.audit().since(mark).events()) {
            if (!"LTAIgenMigrator".equals(e.accessKeyId())) {
                continue;
            }
            String kms = "acs:kms:" + e.region() + ":" + ACCOUNT + ":";
            List<String[]> needs = new ArrayList<>();
            if (e.resourceName() != null) {
                needs.add(new String[] {"kms:" + e.eventName(), kms + "secret/" + e.resourceName()});
            }
            if (e.eventName().equals("DescribeKey")) {
                needs.add(new String[] {
                    "kms:DescribeKey", kms + "key/" + e.requestParameters().get("KeyId")
                });
            }
            if (e.errorCode() == null
                    && (e.eventName().equals("CreateSecret") || e.eventName().equals("PutSecretValue"))) {
                needs.add(new String[] {"kms:GenerateDataKey", kms + "key/key-sh-gen"});
            }
            if (e.errorCode() == null && e.eventName().equals("GetSecretValue")) {
                String key = e.region().equals("cn-shanghai")
                        ? "key-sh-gen"
                        : sourceSecrets
                                .get(e.resourceName())
                                .path("encryptionKeyId")
                                .asString("");
                if (!key.isEmpty()) {
                    needs.add(new String[] {"kms:Decrypt", kms + "key/" + key});
                }
            }
            for (String[] need : needs) {
                if (!allows(policy, need[0], need[1])) {
                    denied.add(role + " (" + String.join(" ", args) + "): " + need[0] + " on " + need[1]);
                }
            }
        }
        return List.copyOf(denied);
    }

    /** "region Api" for every action the policy grants, but Decrypt, which GetSecretValue needs and nobody calls. */
    private static TreeSet<String> granted(JsonNode policy) {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode s : policy.get("Statement")) {
            for (JsonNode a : s.get("Action")) {
                for (JsonNode r : s.get("Resource")) {
                    if (!a.asString().equals("kms:Decrypt")) {
                        out.add(r.asString().split(":")[2] + " "
                                + a.asString().substring(a.asString().indexOf(':') + 1));
                    }
                }
            }
        }
        return out;
    }

    /** Whether an Allow statement has {@code action} and a Resource that matches {@code resource}. */
    private static boolean allows(JsonNode policy, String action, String resource) {
        return resources(policy, action).stream()
                .anyMatch(r -> ram(r).matcher(resource).matches());
    }

    /** Whether an Allow statement has {@code action} on some resource of that region and account ({@code prefix}). */
    private static boolean allowsIn(JsonNode policy, String action, String prefix) {
        return resources(policy, action).stream().anyMatch(r -> r.startsWith(prefix));
    }

    private static List<String> resources(JsonNode policy, String action) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : policy.get("Statement")) {
            assertEquals("Allow", s.get("Effect").asString());
            boolean has = false;
            for (JsonNode a : s.get("Action")) {
                has |= a.asString().equals(action);
            }
            if (has) {
                s.get("Resource").forEach(r -> out.add(r.asString()));
            }
        }
        return out;
    }

    /** RAM's wildcard: '*' matches any characters, '/' included; everything else is literal. */
    private static Pattern ram(String pattern) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            re.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }
}
