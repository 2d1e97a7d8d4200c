package io.kmsmig.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.scenarios.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code kmsmig policy}: the document on stdout (golden), notes on stderr, honest exit codes. */
class PolicyCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static CliRun.Result policy(String... args) {
        List<String> all = new ArrayList<>(List.of("policy"));
        all.addAll(List.of(args));
        return CliRun.inRepo().run(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource({"multi-team, plan", "multi-team, verify", "multi-team, apply", "cutover, cutover", "cutover, plan"})
    void policy_printsTheSameDocumentAsTheGoldenFile(String spec, String role) {
        CliRun.Result r = policy("-f", "examples/" + spec + ".yaml", "--role", role, "--account", "1234567890123456");
        assertEquals(0, r.exit(), r.all());
        Golden.check(CliRun.REPO.resolve("engine/src/test/resources/policy/" + spec + "." + role + ".json"), r.out());
        assertEquals(
                r.out(),
                policy("-f", "examples/" + spec + ".yaml", "--role", role, "--account", "1234567890123456")
                        .out(),
                "the same inputs print the same bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "multi-team", "cutover", "quickstart/migration", "quickstart/cutover"})
    void stdout_isOnlyARamPolicyDocument_andThePlanRoleNeverReadsAValue(String spec) {
        CliRun.Result r = policy("-f", "examples/" + spec + ".yaml", "--role", "plan");
        assertEquals(0, r.exit(), r.all());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals("1", doc.get("Version").asString());
        assertEquals(List.of("Statement", "Version"), sorted(doc.propertyNames()));
        for (JsonNode s : doc.get("Statement")) {
            assertEquals(List.of("Action", "Effect", "Resource"), sorted(s.propertyNames()));
            assertEquals("Allow", s.get("Effect").asString());
            s.get("Action")
                    .forEach(a -> assertFalse(
                            a.asString().equals("kms:GetSecretValue")
                                    || a.asString().equals("kms:Decrypt"),
                            "plan reads no value: " + a));
            s.get("Resource")
                    .forEach(res -> assertTrue(
                            res.asString().startsWith("acs:kms:")
                                    || res.asString().startsWith("acs:actiontrail:"),
                            "every resource is an ARN: " + res));
        }
        assertFalse(r.out().contains("GetCallerIdentity"), "no sts action in the document");
        assertTrue(
                r.err()
                        .contains(
                                "sts:GetCallerIdentity, which kmsmig calls to learn who it is, needs no RAM permission"),
                r.err());
        assertTrue(r.err().contains("account segment of every ARN is '*'"), r.err());
    }

    @Test
    void writers_getGenerateDataKeyOnTheDestinationKey_andTheDefaultRoleIsTheOneApplyRunsAs() {
        CliRun.Result apply = policy("-f", "examples/minimal.yaml");
        assertEquals(0, apply.exit(), apply.all());
        assertTrue(apply.err().contains("role apply (the default for this spec)"), apply.err());
        JsonNode doc = JSON.readTree(apply.out());
        boolean found = false;
        for (JsonNode s : doc.get("Statement")) {
            boolean gdk = false;
            for (JsonNode a : s.get("Action")) {
                gdk |= a.asString().equals("kms:GenerateDataKey");
            }
            if (gdk) {
                found = true;
                assertEquals(1, s.get("Resource").size(), s.toString());
                assertTrue(
                        s.get("Resource").get(0).asString().matches("acs:kms:cn-shanghai:\\*:key/key-[a-z0-9-]+"),
                        s.toString());
            }
        }
        assertTrue(found, "kms:GenerateDataKey is granted: " + apply.out());
        CliRun.Result cutover = policy("-f", "examples/cutover.yaml");
        assertEquals(0, cutover.exit(), cutover.all());
        assertTrue(cutover.err().contains("role cutover (the default for this spec)"), cutover.err());
        assertTrue(
                cutover.out().contains("\"kms:DeleteSecret\"")
                        && cutover.out().contains("\"actiontrail:LookupEvents\""),
                cutover.out());
        assertTrue(cutover.out().contains("\"acs:actiontrail:cn-hangzhou:*:*\""), cutover.out());
    }

    @Test
    void aRoleTheSpecDoesNotRun_isAnErrorNamingTheRightOne() {
        CliRun.Result cut = policy("-f", "examples/minimal.yaml", "--role", "cutover");
        assertEquals(1, cut.exit(), cut.all());
        assertEquals("", cut.out());
        assertTrue(
                cut.err().contains("does not set cutover.deleteSource: true")
                        && cut.err().contains("--role apply"),
                cut.err());
        assertFalse(cut.err().contains("\tat "), "no stack trace without --debug");
        CliRun.Result apply = policy("-f", "examples/cutover.yaml", "--role", "apply");
        assertEquals(1, apply.exit(), apply.all());
        assertTrue(apply.err().contains("Use --role cutover"), apply.err());
    }

    @ParameterizedTest
    @CsvSource({
        "--role, reader, 'not a role; expected one of plan, verify, apply, cutover'",
        "--account, 12-34, 'not an account id'"
    })
    void badOptionValues_areUsageErrors(String option, String value, String message) {
        CliRun.Result r = policy("-f", "examples/minimal.yaml", option, value);
        assertEquals(64, r.exit(), r.all());
        assertEquals("", r.out());
        assertTrue(r.err().contains(message), r.err());
    }

    @Test
    void help_explainsTheRolesTheDefaultAndTheExitCodes() {
        CliRun.Result r = CliRun.inRepo().run("policy", "--help");
        assertEquals(0, r.exit(), r.all());
        for (String s : new String[] {
            "plan",
            "verify",
            "apply",
            "cutover",
            "--role defaults to",
            "--account",
            "sts:GetCallerIdentity needs no permission",
            "Exit 0; 1 for a bad spec",
            "64 for an unknown role"
        }) {
            assertTrue(r.out().contains(s), s + " in\n" + r.out());
        }
    }

    @Test
    void aDocumentOverRamsSizeLimit_andAnAliasKey_areNamedInTheNotes(@TempDir Path dir) throws IOException {
        StringBuilder include = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            include.append(i == 0 ? "" : ", ").append("\"team-").append(i).append("/*\"");
        }
        Files.writeString(
                dir.resolve("spec.yaml"),
                String.join(
                        "\n",
                        "version: 1",
                        "name: big",
                        "source: { region: cn-hangzhou }",
                        "destination: { region: cn-shanghai, kmsInstanceId: kst-shh-0123456789abcdef0, encryptionKeyId: alias/secrets }",
                        "secrets: { include: [" + include + "] }",
                        ""));
        CliRun.Result r = new CliRun(dir).run("policy", "-f", "spec.yaml", "--role", "apply");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().length() > 6144, "precondition: a large document");
        assertTrue(
                r.err()
                        .contains("The document is " + r.out().length()
                                + " characters; RAM's CreatePolicy takes at most 6144"),
                r.err());
        assertTrue(
                r.out().contains("\"acs:kms:cn-shanghai:*:alias/secrets\", \"acs:kms:cn-shanghai:*:key/*\""), r.out());
        assertTrue(r.err().contains("encryptionKeyId is an alias"), r.err());
    }

    private static List<String> sorted(java.util.Collection<String> names) {
        return names.stream().sorted().toList();
    }
}
