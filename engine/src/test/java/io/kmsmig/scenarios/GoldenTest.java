package io.kmsmig.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden-file switch itself: compare by default, rewrite when asked, line endings normalised. */
class GoldenTest {
    @Test
    void check_comparesAndFailsOnDifference(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("expected.txt"), "a\r\nb\n");
        Golden.check(f, "a\nb\n", false);
        assertThrows(AssertionError.class, () -> Golden.check(f, "a\nc\n", false));
    }

    @Test
    void check_withUpdate_rewritesTheExpectedFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("sub/expected.txt");
        Golden.check(f, "new\r\n", true);
        assertEquals("new\n", Files.readString(f));
        Golden.check(f, "new\n", false);
    }
}
