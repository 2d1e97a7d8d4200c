package io.kmsmig.verify;

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
 * The state records each difference's field as verify typed it, never a field read back out of the report's
 * sentence: a tag key holding a colon, or a long one, is recorded whole.
 */
class VerifyFieldsTest {
    private static final String LONG_KEY = "cost-center-of-the-team-that-owns-this-secret";

    @TempDir
    Path dir;

    @Test
    void state_recordsTheTypedField_evenWhenATagKeyHoldsAColonOrIsLong() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), "")) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            ObjectNode world = cloud.memory.dump();
            ObjectNode s1 = VerifyTest.secret(world, "cn-shanghai", "app1/secret-1");
            ((ObjectNode) s1.get("tags")).put("team:owner", "payments").put(LONG_KEY, "cc-1");
            cloud.memory.replaceWorld(world);
            CliRun.Result v = cloud.run("verify", "-f", "spec.yaml");
            assertEquals(1, v.exit(), v.all());
            assertTrue(
                    v.out().contains("- tag team:owner: (none) in the source, payments in the destination"), v.out());
            assertTrue(
                    v.out().contains("- tag " + LONG_KEY + ": (none) in the source, cc-1 in the destination"), v.out());
            JsonNode state = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("state.json")));
            List<String> recorded = new ArrayList<>();
            for (JsonNode s : state.path("secrets")) {
                s.path("verification").path("differences").forEach(d -> recorded.add(d.asString()));
            }
            assertEquals(List.of("tag " + LONG_KEY, "tag team:owner"), recorded);
        }
    }
}
