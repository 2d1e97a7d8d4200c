package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply at a terminal whose standard input fails while the approval prompt waits: a clear error, nothing changed. */
class ApprovalPromptTest {
    @TempDir
    Path dir;

    /** A standard input that fails on the first read, as a hung-up terminal does. */
    private static Reader failing() {
        return new Reader() {
            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                throw new IOException("Input/output error");
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void apply_whenTheAnswerCannotBeRead_failsClearly_andChangesNothing() {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(2, true, "{}"), "")) {
            CliRun.Result r = cloud.cli().terminal(ApprovalPromptTest::failing).run("apply", "-f", "spec.yaml");
            assertEquals(1, r.exit(), r.all());
            assertTrue(
                    r.err()
                            .contains("Could not read the answer to the approval prompt from standard input "
                                    + "(IOException); nothing was changed."),
                    r.err());
            assertTrue(r.err().contains("--auto-approve"), r.err());
            assertFalse(r.err().contains("bug in kmsmig"), r.err());
            assertFalse(r.err().contains("UncheckedIOException"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace without --debug: " + r.err());
            assertTrue(cloud.secrets("cn-shanghai").isEmpty(), "nothing was created in the destination");
        }
    }
}
