package io.kmsmig.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * examples/policy/recovery-window.rego, checked against real plan JSON. Neither OPA nor conftest installs from the
 * registries the build reaches, so the rule's predicate is evaluated here in Java, exactly as the file states it
 * (the test also pins those lines of the file): a DeleteSecret passes only with payload kind delete, force false and
 * windowDays >= 7.
 */
class RecoveryWindowPolicyTest {
    private static final String CUTOVER = "execution: { parallelism: 1 }\n"
            + "cutover: { deleteSource: %s, recoveryWindowDays: 7, quietPeriod: 7d%s }";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** The rule of recovery-window.rego: one message per DeleteSecret that is not recoverable for 7 days. */
    static List<String> deny(JsonNode plan) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : plan.get("actions")) {
            if (a.get("action").asString().equals("DeleteSecret") && !recoverable(a)) {
                out.add(a.get("secret").asString() + " in " + a.get("region").asString());
            }
        }
        return out;
    }

    private static boolean recoverable(JsonNode a) {
        JsonNode p = a.get("payload");
        return p.path("kind").asString("").equals("delete")
                && p.path("force").isBoolean()
                && !p.get("force").asBoolean()
                && p.path("windowDays").isIntegralNumber()
                && p.get("windowDays").asInt() >= 7;
    }

    @Test
    void theRegoFile_statesThePredicateThisTestEvaluates() throws IOException {
        String rego = Files.readString(CliRun.REPO.resolve("examples/policy/recovery-window.rego"));
        for (String line : List.of(
                "package main",
                "some a in input.actions",
                "a.action == \"DeleteSecret\"",
                "not recoverable(a)",
                "a.payload.kind == \"delete\"",
                "a.payload.force == false",
                "a.payload.windowDays >= 7")) {
            assertTrue(rego.contains("\n\t" + line + "\n") || rego.contains("\n" + line + "\n"), line);
        }
    }

    @Test
    void aCutoverPlanWithASevenDayWindow_passes_andAForcedOrShortenedOne_fails() throws IOException {
        try (MemoryWorld cloud =
                new MemoryWorld(dir, Worlds.generic(2, true, "{}"), String.format(CUTOVER, false, ""))) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());

            // when: the cutover plan as JSON, with the 7-day window
            cloud.writeSpec(String.format(CUTOVER, true, ""));
            JsonNode windowed = planJson(cloud);

            // then: two deletions, both recoverable: the policy passes
            assertEquals(2, deleteCount(windowed), windowed.toString());
            assertEquals(List.of(), deny(windowed));

            // when: the spec forces deletion without recovery
            cloud.writeSpec(String.format(CUTOVER, true, ", forceDeleteWithoutRecovery: true"));
            JsonNode forced = planJson(cloud);

            // then: each DeleteSecret is denied
            assertEquals(2, deleteCount(forced), forced.toString());
            assertEquals(List.of("app0/secret-0 in cn-hangzhou", "app1/secret-1 in cn-hangzhou"), deny(forced));

            // and: a plan edited to a 3-day window is denied too
            ObjectNode edited = (ObjectNode) windowed.deepCopy();
            for (JsonNode a : edited.get("actions")) {
                if (a.get("action").asString().equals("DeleteSecret")) {
                    ((ObjectNode) a.get("payload")).put("windowDays", 3);
                }
            }
            assertEquals(2, deny(edited).size());
        }
    }

    private static JsonNode planJson(MemoryWorld cloud) {
        CliRun.Result r = cloud.run("plan", "-f", "spec.yaml", "--format", "json");
        assertEquals(0, r.exit(), r.all());
        return JSON.readTree(r.out());
    }

    private static long deleteCount(JsonNode plan) {
        long n = 0;
        for (JsonNode a : plan.get("actions")) {
            n += a.get("action").asString().equals("DeleteSecret") ? 1 : 0;
        }
        return n;
    }
}
