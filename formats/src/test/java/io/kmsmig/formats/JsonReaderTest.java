package io.kmsmig.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonReaderTest {
    private final JsonReader reader = new JsonReader(YamlReader.Limits.SMALL);

    private ParsedDocument read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void read_keepsRawC1AndSeparatorsThatYamlRefuses_andDecodesEscapes() {
        String escapeLike = "\\" + "u0041";
        ParsedDocument doc =
                read("{\n  \"a\": \"x\u0080\u009f\u2028y\",\n  \"b\": \"\\u0000\\ud800\\" + escapeLike + "\"\n}");
        assertEquals("x\u0080\u009f\u2028y", doc.root().get("a").asString());
        assertEquals("\u0000" + (char) 0xD800 + escapeLike, doc.root().get("b").asString());
        assertEquals(new Position(3, 8), doc.positionOf("/b"));
        assertEquals(new Position(3, 3), doc.keyPositionOf("/b"));
    }

    static Stream<Arguments> notRfc8259() {
        return Stream.of(
                Arguments.of("{\"a\": 1, \"a\": 2}", "duplicate key 'a'"),
                Arguments.of("{\"a\": 1} {}", "unexpected content after the JSON value"),
                Arguments.of("{\"a\": 1,}", "not valid JSON"),
                Arguments.of("{'a': 1}", "not valid JSON"),
                Arguments.of("{\"a\": NaN}", "not valid JSON"),
                Arguments.of("{\"a\": 1 // note\n}", "not valid JSON"),
                Arguments.of("", "the file is empty"));
    }

    @ParameterizedTest
    @MethodSource("notRfc8259")
    void read_refusesWhatRfc8259Refuses(String json, String message) {
        FormatException e = assertThrows(FormatException.class, () -> read(json));
        assertTrue(e.problems().get(0).message().contains(message), e.problems().toString());
    }

    @Test
    void read_refusesARawControlCharacterInAString_withItsLine() {
        FormatException e = assertThrows(FormatException.class, () -> read("{\n\"a\": \"x\u0001y\"}"));
        assertTrue(
                e.problems().get(0).message().startsWith("not valid JSON"),
                e.problems().toString());
        assertEquals(2, e.problems().get(0).position().line());
    }

    @Test
    void read_boundsNesting_withALocatedProblem() {
        String deep = "[".repeat(100) + "]".repeat(100);
        FormatException e = assertThrows(FormatException.class, () -> read(deep));
        assertTrue(
                e.problems().get(0).message().contains("nested more than 64 levels"),
                e.problems().toString());
        assertEquals(1, e.problems().get(0).position().line());
    }
}
