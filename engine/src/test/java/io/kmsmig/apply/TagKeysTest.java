package io.kmsmig.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.Checks;
import io.kmsmig.support.EmulatedCloud;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Apply removes exactly the tag keys the plan's payload lists. KMS tag keys (kms-openapi.md §3 Tags, §14) take
 * {@code A-Za-z0-9 / \ _ - . + = : @}: no comma and no space, so for keys KMS accepts, the summary's ", " join happened
 * to split back right. A sandbox world holds any key; here two start with a space, which the old apply (splitting the
 * summary on ",\s*") lost, so it asked KMS to remove "owner" and left " owner" in place.
 */
class TagKeysTest {
    private static final String WORLD = String.join(
            "\n",
            "version: 1",
            "account: \"1234567890123456\"",
            "accessKeys: [ { id: LTAIgenMigrator, secret: gen-migrator-secret, user: migrator } ]",
            "regions:",
            "  cn-hangzhou:",
            "    kmsInstances: [ { id: kst-hz-gen, keys: [ key-hz-gen ] } ]",
            "    secrets:",
            "      - name: app/tagged",
            "        tags: { team: t0 }",
            "        versions:",
            "          - { id: v1, created: 2023-01-01T00:00:00Z, stages: [ACSCurrent], data: \"CANARY tagged v1\" }",
            "  cn-shanghai:",
            "    kmsInstances: [ { id: kst-sh-gen, keys: [ key-sh-gen ] } ]",
            "    secrets:",
            "      - name: app/tagged",
            "        tags: { team: t0, \" env\": prod, \" owner\": someone, \"cost: centre\": x }",
            "        kmsInstanceId: kst-sh-gen",
            "        encryptionKeyId: key-sh-gen",
            "        versions:",
            "          - { id: v1, created: 2026-01-01T00:00:00Z, stages: [ACSCurrent], data: \"CANARY tagged v1\" }",
            "");

    @TempDir
    Path dir;

    @Test
    void apply_untagsKeysWithLeadingSpacesExactly_asThePayloadHoldsThem() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, WORLD, "")) {
            // given a destination with three tag keys the source lacks, two of them starting with a space
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            assertTrue(plan.out().contains("UntagResources"), plan.all());
            // when
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            // then every one of them is gone, through the real SDK, and the next plan has nothing to do
            assertEquals(0, apply.exit(), apply.all());
            assertEquals(Map.of("team", "t0"), tags(cloud.secrets("cn-shanghai").get("app/tagged")));
            CliRun.Result again = cloud.run("plan", "-f", "spec.yaml", "--detailed-exitcode");
            assertEquals(0, again.exit(), again.all());
            Checks.leakFree(dir, plan, apply, again);
        }
    }

    private static Map<String, String> tags(JsonNode secret) {
        Map<String, String> out = new TreeMap<>();
        secret.get("tags")
                .properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }
}
