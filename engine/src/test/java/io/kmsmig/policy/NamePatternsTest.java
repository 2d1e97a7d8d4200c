package io.kmsmig.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.spec.Glob;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec globs become RAM patterns that match at least the same names. */
class NamePatternsTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "**|*",
                "orders/**|orders/*",
                "orders/*|orders/*",
                "**/test-*|*test-*",
                "orders/db-?|orders/db-*",
                "orders/[ab]x|orders/*x",
                "{orders,payments}/*|orders/*,payments/*",
                "app/{a,b{c,d}}|app/a,app/bc,app/bd",
                "acs/ram/user/deployer|acs/ram/user/deployer"
            })
    void glob_becomesRamPatterns(String glob, String patterns) {
        assertEquals(List.of(patterns.split(",")), NamePatterns.of(glob));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "orders/**|orders/eu/db",
                "**/test-*|test-db",
                "**/test-*|orders/test-db",
                "{a,b}/*|b/x",
                "x{1,2,3,4,5}{1,2,3,4,5}|x55"
            })
    void everyNameTheGlobSelects_matchesAPattern(String glob, String name) {
        assertTrue(Glob.compile(glob).matches(name), "precondition: the glob selects " + name);
        assertTrue(
                NamePatterns.of(glob).stream()
                        .anyMatch(p -> Pattern.compile(Pattern.quote(p).replace("*", "\\E.*\\Q"))
                                .matcher(name)
                                .matches()),
                NamePatterns.of(glob).toString());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"orders/*,orders/db,payments/x|orders/*,payments/x", "*,a/b|*"})
    void minimal_dropsWhatAnotherPatternCovers(String in, String out) {
        assertEquals(List.of(out.split(",")), NamePatterns.minimal(List.of(in.split(","))));
    }
}
