package io.kmsmig.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.formats.SchemaCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Globs select exactly what the schema's description of secrets.include says they select. */
class GlobTest {
    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "orders/*,     orders/a,        true",
        "orders/*,     orders/a/b,      false",
        "orders/**,    orders/a,        true",
        "orders/**,    orders/a/b,      true",
        "orders/**,    payments/a,      false",
        "*,            top-level,       true",
        "*,            orders/a,        false",
        "**,           orders/a/b/c,    true",
        "**/test-*,    orders/test-db,  true",
        "**/test-*,    a/b/test-db,     true",
        "**/test-*,    a/test-db/c,     false",
        "**/test-*,    test-db,         true",
        "a/**/b,       a/b,             true",
        "a/**/b,       a/x/y/b,         true",
        "a/**/b,       a/xb,            false",
        "x**/b,        x/b,             true",
        "x**/b,        b,               false",
        "*/legacy-*,   a/b/legacy-c,    false",
        "orders/?,     orders/a,        true",
        "orders?a,     orders/a,        false",
        "'{orders,payments}/*', payments/x, true",
        "[ab]/*,       b/x,             true",
    })
    void glob_matchesWithinOrAcrossSegmentsAsDocumented(String glob, String name, boolean matches) {
        assertEquals(matches, Glob.compile(glob).matches(name));
    }

    @Test
    void glob_tooDeeplyNestedToCompile_isAShortReason() {
        String glob = "{a,".repeat(5000) + "b" + "}".repeat(5000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Glob.compile(glob));
        assertTrue(e.getMessage().startsWith("'{a,{a,") && e.getMessage().contains("too complex"), e.getMessage());
        assertTrue(
                e.getMessage().length() < 300,
                "not the generated regex: " + e.getMessage().length() + " chars");
    }

    @Test
    void glob_withManyStars_isMatchedInLinearTime_againstALongName() {
        // java.util.regex backtracked: this pair did not finish in hours; RE2/J answers at once.
        String glob = "*a".repeat(24) + "*b";
        String name = "a".repeat(192);
        assertFalse(Glob.compile(glob).matches(name));
        assertTrue(Glob.compile(glob).matches(name + "b"));
        assertFalse(Glob.compile("**a".repeat(24) + "**b").matches("a/".repeat(96)));
    }

    @Test
    void glob_specialCharacters_matchThemselves() {
        assertTrue(Glob.compile("a.b+c(d)$e^f|g\\h").matches("a.b+c(d)$e^f|g\\h"));
        assertFalse(Glob.compile("a.b").matches("axb"));
        assertTrue(Glob.compile("[!a]x").matches("bx"));
        assertFalse(Glob.compile("[!a]x").matches("ax"));
        assertTrue(Glob.compile("[[]x").matches("[x"));
    }

    @Test
    void defaultSelection_selectsEveryDepth() {
        assertTrue(Selection.ALL.selectsName("acs/ram/user/ci-deployer"));
        assertTrue(Selection.ALL.selectsName("top"));
    }

    @Test
    void schemaDescription_statesTheSegmentRule() {
        String d = SchemaCheck.of(SpecLoader.SCHEMA)
                .schemaRoot()
                .at("/properties/secrets/properties/include/description")
                .asString();
        assertTrue(
                d.contains("* matches any characters within one /-separated segment (orders/* selects orders/a, "
                        + "not orders/a/b)"),
                d);
        assertTrue(d.contains("** any characters across segments"), d);
        assertTrue(Glob.compile("orders/*").matches("orders/a")
                && !Glob.compile("orders/*").matches("orders/a/b"));
    }
}
