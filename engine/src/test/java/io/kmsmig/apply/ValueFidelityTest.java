package io.kmsmig.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.emulator.world.CreateSecretRequest;
import io.kmsmig.emulator.world.SecretWrites;
import io.kmsmig.support.Checks;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every code point of a value survives apply and is checked by verify: control characters, C1, line separators,
 * astral characters, text that looks like a JSON escape, and binary data, over the real SDK and the emulator. The
 * source world is built through the emulator's model (no wire, no YAML), so the request direction is proven too.
 */
class ValueFidelityTest {
    private static final String WORLD = Worlds.EMPTY;

    @TempDir
    Path dir;

    private static String range(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int c = from; c <= to; c++) {
            b.appendCodePoint(c);
        }
        return b.toString();
    }

    /** Version id to value, in creation order; every value carries the canary. */
    static Map<String, String> textValues() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("c0", "CANARY c0 [" + range(0x00, 0x1F) + "]");
        v.put("soh", "CANARY a\u0001b");
        v.put("nul", "CANARY \u0000");
        v.put("del-c1", "CANARY [\u007F" + range(0x80, 0x9F) + "]");
        v.put("separators", "CANARY [\u2028\u2029]");
        v.put("astral", "CANARY [\uD83D\uDE00 \uD834\uDD1E " + new String(Character.toChars(0x10FFFF)) + "]");
        v.put("escape-lookalikes", "CANARY \\u0041 \\n \\\\ \\\" \\/ \\");
        v.put("quotes-and-json", "CANARY \"{\\\"k\\\":\\\"v\\\"}\" </script> & ' `");
        return v;
    }

    static String binaryValue() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        return Base64.getEncoder().encodeToString(all);
    }

    /** Creates {@code name} in the source with the given versions (the last is ACSCurrent) through the model. */
    static void createSource(
            EmulatedCloud cloud, String name, String description, Map<String, String> versions, String dataType) {
        cloud.emulator.world().write(w -> {
            SecretWrites writes = new SecretWrites(w, w.region("cn-hangzhou"));
            var it = versions.entrySet().iterator();
            var first = it.next();
            writes.create(new CreateSecretRequest(
                    name,
                    first.getKey(),
                    first.getValue(),
                    dataType,
                    null,
                    null,
                    null,
                    description,
                    List.of(),
                    null,
                    null,
                    null,
                    null));
            while (it.hasNext()) {
                var next = it.next();
                writes.put(name, next.getKey(), next.getValue(), dataType, null);
            }
            return null;
        });
    }

    private static JsonNode version(JsonNode secret, String id) {
        for (JsonNode v : secret.get("versions")) {
            if (v.get("id").asString().equals(id)) {
                return v;
            }
        }
        throw new AssertionError("version " + id + " of " + secret.get("name").asString() + " is missing");
    }

    @Test
    void apply_copiesEveryCodePointAndBinaryData_byteForByte_andVerifyAgrees() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, WORLD, "")) {
            // given
            Map<String, String> text = textValues();
            String description = "a description [\u0001\u001F\u0085\u2028\uD83D\uDE00 \\u0041]";
            createSource(cloud, "fidelity/text", description, text, "text");
            Map<String, String> binary = new LinkedHashMap<>();
            binary.put("b1", binaryValue());
            binary.put("b2", "CANARY raw [" + range(0x00, 0x1F) + "\u0080\uFFFD]");
            createSource(cloud, "fidelity/binary", null, binary, "binary");

            // when
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            CliRun.Result verify = cloud.run("verify", "-f", "spec.yaml");

            // then
            assertEquals(0, apply.exit(), apply.all());
            Checks.destinationEqualsSource(cloud);
            Map<String, JsonNode> dst = cloud.secrets("cn-shanghai");
            for (var e : text.entrySet()) {
                JsonNode v = version(dst.get("fidelity/text"), e.getKey());
                assertArrayEquals(
                        e.getValue().getBytes(StandardCharsets.UTF_8),
                        v.get("data").asString().getBytes(StandardCharsets.UTF_8),
                        "the bytes of version " + e.getKey());
                assertEquals("text", v.get("dataType").asString());
            }
            for (var e : binary.entrySet()) {
                JsonNode v = version(dst.get("fidelity/binary"), e.getKey());
                assertArrayEquals(
                        e.getValue().getBytes(StandardCharsets.UTF_8),
                        v.get("data").asString().getBytes(StandardCharsets.UTF_8),
                        "the bytes of version " + e.getKey());
                assertEquals("binary", v.get("dataType").asString());
            }
            assertEquals(
                    description, dst.get("fidelity/text").get("description").asString());
            assertEquals(0, verify.exit(), verify.all());
            assertTrue(verify.out().contains("Verify: 2 verified, 0 different"), verify.out());
            Checks.leakFree(dir, apply, verify);
        }
    }

    /** Replaces the destination copy of {@code name} by one whose single version holds {@code value}. */
    private static void tamperDestination(EmulatedCloud cloud, String name, String value) {
        cloud.emulator.world().write(w -> {
            SecretWrites writes = new SecretWrites(w, w.region("cn-shanghai"));
            writes.delete(name, true, null);
            writes.create(new CreateSecretRequest(
                    name,
                    "v1",
                    value,
                    "text",
                    null,
                    "key-sh-gen",
                    "kst-sh-gen",
                    null,
                    List.of(),
                    null,
                    null,
                    null,
                    null));
            return null;
        });
    }

    @Test
    void verify_detectsADestinationValueThatDiffersOnlyInAControlCharacter() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, WORLD, "")) {
            // given: applied copies, three of them then changed in the destination behind kmsmig's back
            createSource(cloud, "tamper/as-the-faulty-reader-wrote-it", null, Map.of("v1", "CANARY a\u0001b"), "text");
            createSource(cloud, "tamper/other-control", null, Map.of("v1", "CANARY a\u0001b"), "text");
            createSource(cloud, "tamper/nul", null, Map.of("v1", "CANARY a\u0000b"), "text");
            createSource(cloud, "tamper/separator", null, Map.of("v1", "CANARY a\u2028b"), "text");
            createSource(cloud, "untouched", null, Map.of("v1", "CANARY a\u001Fb"), "text");
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, apply.exit(), apply.all());
            tamperDestination(cloud, "tamper/as-the-faulty-reader-wrote-it", "CANARY au0001b");
            tamperDestination(cloud, "tamper/other-control", "CANARY a\u0002b");
            tamperDestination(cloud, "tamper/nul", "CANARY a\u0001b");
            tamperDestination(cloud, "tamper/separator", "CANARY a\u2029b");

            // when
            CliRun.Result verify = cloud.run("verify", "-f", "spec.yaml");

            // then
            assertEquals(1, verify.exit(), verify.all());
            assertTrue(verify.out().contains("Verify: 1 verified, 4 different, 0 failed to read"), verify.out());
            assertEquals(
                    4,
                    verify.out()
                            .lines()
                            .filter(l -> l.trim().equals("- the value of version v1 differs"))
                            .count(),
                    verify.out());
            Checks.leakFree(dir, apply, verify);
        }
    }
}
