package io.kmsmig.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Large JSON files read with a strict JSON parser give what the YAML reader gives, with the same errors. */
class LargeDocumentsTest {
    private static final YamlReader.Limits LIMITS = YamlReader.Limits.LARGE;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void json_readsToTheSameTreeAndTheSamePositionsAsTheYamlReader() {
        // given
        byte[] json =
                utf8("{\n  \"version\": 1,\n  \"name\": \"caf\\u00e9 \\u0001\",\n  \"list\": [ { \"a\": true }, null ]"
                        + ",\n  \"big\": 12345678901234567890\n}\n");
        // when
        ParsedDocument fast = LargeDocuments.read(LIMITS, json);
        ParsedDocument yaml = new YamlReader(LIMITS).read(json);
        // then
        assertEquals(yaml.root().toString(), fast.root().toString());
        for (String pointer : new String[] {"/version", "/name", "/list/0/a", "/list/1", "/missing/child"}) {
            assertEquals(yaml.positionOf(pointer), fast.positionOf(pointer), pointer);
            assertEquals(yaml.keyPositionOf(pointer), fast.keyPositionOf(pointer), pointer);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\": 1, \"a\": 2}", // duplicate key
                "{\"a\": 1} trailing", // content after the value
                "{\"a\": [1, 2}", // truncated / broken
                "a: 1\nb: [x, y]\n", // YAML, not JSON
            })
    void inputTheJsonParserRefuses_isJudgedByTheYamlReader_withItsMessages(String text) {
        byte[] bytes = utf8(text);
        Object expected;
        Object actual;
        try {
            expected = new YamlReader(LIMITS).read(bytes).root().toString();
        } catch (FormatException e) {
            expected = e.problems();
        }
        try {
            actual = LargeDocuments.read(LIMITS, bytes).root().toString();
        } catch (FormatException e) {
            actual = e.problems();
        }
        assertEquals(expected, actual);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1, \"a\": 2}", "{\"a\": 1} trailing", "{\"a\": [1, 2}", "a: 1\n"})
    void persistedJsonTheParserRefuses_isJudgedByTheJsonReader_withItsMessages(String text) {
        byte[] bytes = utf8(text);
        FormatException expected = assertThrows(FormatException.class, () -> new JsonReader(LIMITS).read(bytes));
        FormatException actual = assertThrows(FormatException.class, () -> LargeDocuments.readJson(LIMITS, bytes));
        assertEquals(expected.problems(), actual.problems());
    }

    @Test
    void streamedArray_goesToTheCallbackInOrder_andTheRestReadsAsTheJsonReaderReadsIt() {
        byte[] json = utf8(
                "{\n  \"a\": {\"x\": [1]},\n  \"events\": [ {\"n\": 1}, {\"n\": 2}, \"\\u0085\" ],\n  \"z\": true\n}\n");
        java.util.List<String> seen = new java.util.ArrayList<>();
        ParsedDocument doc = LargeDocuments.readJson(LIMITS, json, "events", e -> seen.add(e.toString()));
        assertEquals(java.util.List.of("{\"n\":1}", "{\"n\":2}", "\"\u0085\""), seen);
        assertEquals("{\"a\":{\"x\":[1]},\"events\":[],\"z\":true}", doc.root().toString());
        assertEquals(new JsonReader(LIMITS).read(json).positionOf("/z"), doc.positionOf("/z"));
    }

    @Test
    void streamedArray_ofABrokenDocument_passesNothing_andFailsWithTheJsonReadersError() {
        byte[] json = utf8("{\n  \"events\": [ {\"n\": 1} ],\n  \"z\": tru\n}\n");
        java.util.List<String> seen = new java.util.ArrayList<>();
        FormatException e = assertThrows(
                FormatException.class,
                () -> LargeDocuments.readJson(LIMITS, json, "events", n -> seen.add(n.toString())));
        assertTrue(
                e.problems().get(0).message().startsWith("not valid JSON"),
                e.problems().toString());
        assertEquals(3, e.problems().get(0).position().line());
        assertEquals(java.util.List.of(), seen, "no element of a refused document");
    }

    @Test
    void persistedJson_readsToTheJsonReadersTreeAndPositions() {
        byte[] json = utf8("{\n  \"s\": \"\u0085 \u2028\",\n  \"n\": [1, {\"k\": false}]\n}\n");
        ParsedDocument fast = LargeDocuments.readJson(LIMITS, json);
        ParsedDocument strict = new JsonReader(LIMITS).read(json);
        assertEquals(strict.root().toString(), fast.root().toString());
        for (String pointer : new String[] {"/s", "/n/1/k", "/n/0"}) {
            assertEquals(strict.positionOf(pointer), fast.positionOf(pointer), pointer);
        }
    }

    @Test
    void jsonNestedTooDeep_failsWithTheYamlReadersLocatedProblem() {
        String deep =
                "{\"a\":".repeat(YamlReader.Limits.MAX_DEPTH + 5) + "1" + "}".repeat(YamlReader.Limits.MAX_DEPTH + 5);
        FormatException e = assertThrows(FormatException.class, () -> LargeDocuments.read(LIMITS, utf8(deep)));
        assertTrue(
                e.problems().get(0).message().contains("nested more than"),
                e.problems().toString());
    }
}
