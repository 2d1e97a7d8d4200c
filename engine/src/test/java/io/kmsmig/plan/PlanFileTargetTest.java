package io.kmsmig.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where {@code plan -o} may write, checked without writing: these cases name real devices, and an implementation that
 * wrote to them as root would replace them with regular files (the reason the CLI tests use a pipe of their own).
 */
@EnabledOnOs(OS.LINUX)
class PlanFileTargetTest {
    @ParameterizedTest
    @CsvSource({
        "/dev/stdout,     it is a process's file descriptor (/proc/self/fd/1)",
        "/dev/fd/1,       it is a process's file descriptor (/dev/fd/1)",
        "/proc/self/fd/1, it is a process's file descriptor (/proc/self/fd/1)",
        "/dev/null,       it is not a regular file (a device or a pipe?)",
        "/tmp,            it is a directory",
    })
    void deviceDescriptorOrDirectory_isRefusedAsATarget(String out, String why) {
        KmsmigException e = assertThrows(KmsmigException.class, () -> PlanFile.target(Path.of(out), out));
        assertEquals(ErrorCode.OUTPUT_REFUSED, e.code());
        assertTrue(
                e.getMessage().startsWith("Cannot write the plan to " + out)
                        && e.getMessage().contains(why)
                        && e.getMessage().contains("Nothing was written"),
                e.getMessage());
        assertTrue(Files.exists(Path.of(out)), "checked, never touched");
    }
}
