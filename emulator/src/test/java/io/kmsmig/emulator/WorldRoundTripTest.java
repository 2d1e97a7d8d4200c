package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.world.EmulatorClock;
import io.kmsmig.emulator.world.WorldFile;
import io.kmsmig.formats.FormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Any string a secret can hold survives the persisted world file: written, reloaded, written again. */
class WorldRoundTripTest {
    @TempDir
    Path dir;

    /** Value name to value: every code point class that JSON and YAML treat differently. */
    static Map<String, String> awkwardValues() {
        Map<String, String> v = new LinkedHashMap<>();
        StringBuilder c0 = new StringBuilder("CANARY-c0:");
        for (char c = 0; c < 0x20; c++) {
            c0.append(c);
        }
        v.put("c0", c0.toString());
        v.put("del", "CANARY-del:\u007f");
        StringBuilder c1 = new StringBuilder("CANARY-c1:");
        for (char c = 0x80; c <= 0x9f; c++) {
            c1.append(c);
        }
        v.put("c1", c1.toString());
        v.put("separators", "CANARY-ls:\u2028ps:\u2029");
        v.put("astral", "CANARY-astral:\uD83D\uDE00\uD834\uDD1E\uDBFF\uDFFF");
        v.put("escapes", "CANARY-escapes:\\u0041 \\n \\\\ \\\" \\x80 \\N");
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        v.put("binary", "CANARY-bytes:" + new String(all, StandardCharsets.ISO_8859_1));
        v.put("lone-surrogates", "CANARY-lone:\uD800x\uDFFF");
        v.put("bom-and-nonchars", "CANARY-\uFEFF\uFFFE\uFFFF");
        return v;
    }

    private KmsEmulator start(Path data) {
        return KmsEmulator.start(
                EmulatorConfig.ofYaml(SdkHarness.world("basic.yaml")).withDataFile(data));
    }

    /** The dump with one extra secret per awkward value, in its data, its description and a tag. */
    private static ObjectNode withAwkwardSecrets(ObjectNode dump) {
        ArrayNode secrets = (ArrayNode) dump.at("/regions/cn-hangzhou/secrets");
        for (var e : awkwardValues().entrySet()) {
            ObjectNode s = secrets.addObject()
                    .put("name", "odd/" + e.getKey())
                    .put("type", "Generic")
                    .put("description", e.getValue());
            s.putObject("tags").put("value", e.getValue());
            ObjectNode v = s.putArray("versions")
                    .addObject()
                    .put("id", "v1")
                    .put("created", "2024-01-01T00:00:00Z")
                    .put("data", e.getValue())
                    .put("dataType", "text");
            v.putArray("stages").add("ACSCurrent");
        }
        return dump;
    }

    private static Map<String, String> valuesOf(JsonNode dump) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode s : dump.at("/regions/cn-hangzhou/secrets")) {
            String name = s.get("name").asString();
            if (name.startsWith("odd/")) {
                out.put(name + " data", s.at("/versions/0/data").asString());
                out.put(name + " description", s.get("description").asString());
                out.put(name + " tag", s.at("/tags/value").asString());
            }
        }
        return out;
    }

    @Test
    void persistedWorld_withEveryKindOfCodePoint_reloadsEqualAndRewritesByteForByte() throws Exception {
        // given a persisted world whose secret holds every awkward value
        Path data = dir.resolve("sandbox.world.json");
        Map<String, String> expected;
        try (KmsEmulator emu = start(data)) {
            emu.replaceWorld(withAwkwardSecrets(emu.dump()));
            expected = valuesOf(emu.dump());
        }
        assertEquals(
                3 * awkwardValues().size(), expected.size(), expected.keySet().toString());
        byte[] first = Files.readAllBytes(data);
        for (byte b : first) {
            assertTrue(
                    b == '\n' || b >= 0x20,
                    "the persisted world is ASCII without raw controls; found byte " + (b & 0xff));
        }

        // when it is reloaded, and persisted again
        Map<String, String> reloaded;
        try (KmsEmulator again = start(data)) {
            reloaded = valuesOf(again.dump());
        }

        // then every value is the same sequence of UTF-16 code units, and the file the same bytes
        assertEquals(expected.keySet(), reloaded.keySet());
        for (var e : expected.entrySet()) {
            assertArrayEquals(
                    e.getValue().toCharArray(), reloaded.get(e.getKey()).toCharArray(), e.getKey());
        }
        assertEquals(awkwardValues().get("c1"), reloaded.get("odd/c1 data"));
        assertArrayEquals(
                withoutEpoch(first),
                withoutEpoch(Files.readAllBytes(data)),
                "reload and rewrite give the same bytes (but for the number of the log that continues the snapshot)");
    }

    private static byte[] withoutEpoch(byte[] file) {
        String text = new String(file, StandardCharsets.US_ASCII);
        String stripped = text.replaceFirst("\"logEpoch\" : [0-9]+", "\"logEpoch\" : N");
        assertTrue(!stripped.equals(text), "the snapshot names its log");
        return stripped.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void persistedWorld_isReadStrictly_aTruncatedFileNamesItsLine() throws Exception {
        Path data = dir.resolve("cut.json");
        try (KmsEmulator emu = start(data)) {
            emu.dump();
        }
        byte[] whole = Files.readAllBytes(data);
        Files.write(data, java.util.Arrays.copyOf(whole, whole.length / 2));
        FormatException e = assertThrows(
                FormatException.class, () -> WorldFile.loadPersisted(data, new EmulatorClock(Clock.systemUTC())));
        assertTrue(
                e.problems().get(0).message().startsWith("not valid JSON: "),
                e.problems().toString());
        assertTrue(e.problems().get(0).position().line() > 1, e.problems().toString());
    }
}
