package io.kmsmig.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class YamlReaderTest {
    private final YamlReader reader = new YamlReader(YamlReader.Limits.SMALL);

    private ParsedDocument read(String text) {
        return reader.read(text.getBytes(StandardCharsets.UTF_8));
    }

    private Problem failure(String text) {
        FormatException e = assertThrows(FormatException.class, () -> read(text));
        return e.problems().get(0);
    }

    @Test
    void read_keepsPositionsOfValuesAndKeys() {
        // given / when
        ParsedDocument doc = read("a: 1\nb:\n  c: [x, y]\n");
        // then
        assertEquals(new Position(1, 4), doc.positionOf("/a"));
        assertEquals(new Position(3, 3), doc.keyPositionOf("/b/c"));
        assertEquals(new Position(3, 10), doc.positionOf("/b/c/1"));
        assertEquals(doc.positionOf("/b"), doc.positionOf("/b/missing"), "a missing member is placed at its parent");
    }

    @Test
    void read_resolvesCoreSchemaScalars() {
        JsonNode root = read("i: 7\nf: 1.5\nb: true\nn: null\ns: '7'\nt: 2023-01-01T00:00:00Z\nd: 7d\n")
                .root();
        assertTrue(root.get("i").isIntegralNumber());
        assertTrue(root.get("f").isFloatingPointNumber());
        assertTrue(root.get("b").isBoolean());
        assertTrue(root.get("n").isNull());
        assertTrue(root.get("s").isString());
        assertEquals("2023-01-01T00:00:00Z", root.get("t").asString(), "timestamps stay strings");
        assertEquals("7d", root.get("d").asString());
    }

    /**
     * An astral character (a surrogate pair) whose high half is the last char of the parser's 1,024-char window: with
     * snakeyaml-engine 3.0.1 this threw IndexOutOfBoundsException ("internal error") for a spec with an emoji in a
     * comment, and for a sandbox world holding such a value. Both parities of the window are tried.
     */
    @Test
    void read_astralCharactersAcrossTheReadBufferBoundary() {
        String emoji = "\uD83D\uDE00";
        for (int pad = 0; pad < 2; pad++) {
            // given
            String text = "# " + "x".repeat(pad) + emoji.repeat(700) + "\nk: \"" + emoji.repeat(700) + "\"\n";
            // when
            JsonNode root = read(text).root();
            // then
            assertEquals(emoji.repeat(700), root.get("k").asString(), "padding " + pad);
        }
    }

    @Test
    void read_reportsEveryDuplicateKeyWithBothLines() {
        FormatException e = assertThrows(FormatException.class, () -> read("a: 1\nb: 2\na: 3\nb: 4\n"));
        assertEquals(2, e.problems().size());
        assertEquals(new Position(3, 1), e.problems().get(0).position());
        assertTrue(
                e.problems().get(0).message().contains("first defined at line 1"),
                e.problems().get(0).message());
    }

    @Test
    void read_explainsTabIndentation() {
        Problem p = failure("a:\n\tb: 1\n");
        assertTrue(p.message().contains("tab"), p.message());
        assertEquals(2, p.position().line());
    }

    @Test
    void read_refusesEmptyAndCommentOnlyFiles() {
        assertTrue(failure("").message().contains("empty"));
        assertTrue(failure("# only a comment\n\n").message().contains("empty"));
    }

    @Test
    void read_refusesBinaryGarbage() {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80};
        FormatException e = assertThrows(FormatException.class, () -> reader.read(garbage));
        assertTrue(e.problems().get(0).message().contains("binary"));
    }

    @Test
    void read_refusesOversizeFilesBeforeParsing() {
        byte[] big = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        FormatException e = assertThrows(FormatException.class, () -> reader.read(big));
        assertTrue(
                e.problems().get(0).message().contains("10.0 MB"),
                e.problems().get(0).message());
    }

    @Test
    void read_stopsAnchorBombs() {
        StringBuilder sb = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i < 24; i++) {
            sb.append("a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [*a")
                    .append(i - 1)
                    .append(", *a")
                    .append(i - 1)
                    .append("]\n");
        }
        long start = System.nanoTime();
        FormatException e = assertThrows(FormatException.class, () -> read(sb.toString()));
        assertTrue(
                e.problems().get(0).message().contains("alias")
                        || e.problems().get(0).message().contains("expands"),
                e.problems().get(0).message());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "bounded time");
    }

    @Test
    void read_acceptsJson() {
        ParsedDocument doc = read("{\"a\": {\"b\": [1, 2]}}");
        assertEquals(2, doc.root().at("/a/b/1").asInt());
    }

    @Test
    void fieldPath_readsLikeYaml() {
        assertEquals("secrets.include[0]", JsonPointers.toFieldPath("/secrets/include/0"));
        assertEquals(
                "secrets.rename.map.\"a/b\"",
                JsonPointers.toFieldPath(JsonPointers.child("/secrets/rename/map", "a/b")));
    }

    @Test
    void read_refusesDeepNestingAtItsLineInsteadOfOverflowingTheStack() {
        // given: 6 KB nested 3,000 levels deep (and block style 200 deep), read with both limits (spec; plan, state,
        // world)
        String flow = "a: 1\nb: " + "[".repeat(3000) + "]".repeat(3000) + "\n";
        StringBuilder block = new StringBuilder("top:\n");
        for (int i = 1; i < 200; i++) {
            block.append("  ".repeat(i)).append("k:\n");
        }
        for (YamlReader r : List.of(reader, new YamlReader(YamlReader.Limits.LARGE))) {
            // when
            FormatException e =
                    assertThrows(FormatException.class, () -> r.read(flow.getBytes(StandardCharsets.UTF_8)));
            FormatException b = assertThrows(
                    FormatException.class, () -> r.read(block.toString().getBytes(StandardCharsets.UTF_8)));
            // then: one located problem naming the field the nesting is under
            Problem p = e.problems().get(0);
            assertEquals("b[0][0]", p.fieldPath());
            assertEquals(new Position(2, 4 + YamlReader.Limits.MAX_DEPTH - 1), p.position());
            assertTrue(p.message().contains("nested more than 64 levels deep"), p.message());
            assertEquals(
                    "top.k.k", b.problems().get(0).fieldPath(), b.problems().toString());
            assertEquals(
                    YamlReader.Limits.MAX_DEPTH + 1,
                    b.problems().get(0).position().line());
        }
    }

    @Test
    void read_acceptsExactlyTheDocumentedDepth() {
        int inner = YamlReader.Limits.MAX_DEPTH - 1; // the root mapping is the first level
        assertEquals(
                1,
                read("a: " + "[".repeat(inner) + "1" + "]".repeat(inner) + "\n")
                        .root()
                        .at("/a" + "/0".repeat(inner - 1))
                        .get(0)
                        .asInt());
        assertThrows(FormatException.class, () -> read("a: " + "[".repeat(inner + 1) + "]".repeat(inner + 1) + "\n"));
    }

    @Test
    void read_refusesAliasesThatGraftASubtreeDeeperThanTheLimit() {
        // given: each text level is shallow, but the alias puts 40 levels under 40 levels
        String forty = "[".repeat(40) + "]".repeat(40);
        Problem p = failure("x: &deep " + forty + "\ny: " + "[".repeat(39) + "*deep" + "]".repeat(39) + "\n");
        assertTrue(p.message().contains("nested more than 64 levels deep"), p.message());
        assertEquals("y[0][0]", p.fieldPath());
    }
}
