package io.kmsmig.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: compares output with an expected file, or, when the system property {@code golden.update} is
 * true ({@code mvn verify -Dgolden.update=true}), rewrites the expected file. Line endings are normalised.
 */
public final class Golden {
    private Golden() {}

    public static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    public static void check(Path expected, String actual) {
        check(expected, actual, updating());
    }

    static void check(Path expected, String actual, boolean update) {
        String normal = normalise(actual);
        try {
            if (update) {
                Files.createDirectories(expected.getParent());
                Files.writeString(expected, normal, StandardCharsets.UTF_8);
                return;
            }
            String want = Files.exists(expected) ? normalise(Files.readString(expected, StandardCharsets.UTF_8)) : "";
            assertEquals(
                    want,
                    normal,
                    "output differs from " + expected
                            + " (if the change is intended, regenerate with -Dgolden.update=true and review the diff)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String normalise(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }
}
