package io.kmsmig.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.Checks;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Values at the edges the wire encodes specially, beyond {@link ValueFidelityTest}: a byte-order mark at either end,
 * Unicode non-characters, form-encoding's own characters, a lone backslash, the empty value, and values at the
 * 30,720-byte limit (kms-openapi.md §3) made of 3- and 4-byte characters, whose query string is about 92 KB.
 */
class ValueEdgesTest {
    private static final String WORLD = Worlds.EMPTY;
    private static final String CANARY = "CANARY-xyz";

    @TempDir
    Path dir;

    static Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("bom-start", "\uFEFF" + CANARY);
        v.put("bom-end", CANARY + "\uFEFF");
        v.put("nonchars", CANARY + "\uFFFE\uFFFF\uFFFD");
        v.put("form", CANARY + "%00+&=%2B%%zz?#a=b&c=d;");
        v.put("only-plus", "+");
        v.put("only-backslash", "\\");
        v.put("only-nul", "\u0000");
        v.put("crlf", CANARY + "\r\n\r\n");
        v.put("nfd", CANARY + "e\u0301");
        v.put("empty", "");
        v.put("max-3byte", CANARY + "\u20AC".repeat((30_720 - CANARY.length()) / 3));
        v.put("max-4byte", CANARY + "\uD83D\uDE00".repeat((30_720 - CANARY.length()) / 4));
        return v;
    }

    @Test
    void apply_copiesEdgeValuesByteForByte_andVerifyAgreesOnBothPaths() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, WORLD, "")) {
            // given: one secret per value, so a refusal names the value that caused it
            Map<String, String> values = values();
            for (var e : values.entrySet()) {
                ValueFidelityTest.createSource(cloud, "edge/" + e.getKey(), null, Map.of("v1", e.getValue()), "text");
            }

            // when
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            CliRun.Result verify = cloud.run("verify", "-f", "spec.yaml");

            // then
            assertEquals(0, apply.exit(), apply.all());
            Checks.destinationEqualsSource(cloud);
            Map<String, JsonNode> dst = cloud.secrets("cn-shanghai");
            for (var e : values.entrySet()) {
                JsonNode v = dst.get("edge/" + e.getKey()).get("versions").get(0);
                assertArrayEquals(
                        e.getValue().getBytes(StandardCharsets.UTF_8),
                        v.get("data").asString().getBytes(StandardCharsets.UTF_8),
                        "the bytes of " + e.getKey());
            }
            assertEquals(0, verify.exit(), verify.all());
            assertTrue(verify.out().contains("Verify: " + values.size() + " verified, 0 different"), verify.out());
            Checks.leakFree(dir, apply, verify);
        }
    }
}
