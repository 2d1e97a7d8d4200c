package io.kmsmig.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * A {@code @TempDir} in memory ({@code /dev/shm}, tmpfs) where the machine has one, else the default temporary
 * directory. For tests that write and re-read small files hundreds of times: on tmpfs an fsync returns at once, so
 * such a test spends its time in the code under test, not waiting on the disk. Same files, same bytes, same
 * system calls; only what durability costs changes, and no test in memory asserts durability across a power cut.
 */
public final class MemoryTempDir implements TempDirFactory {
    private static final Path SHM = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
        if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
            return Files.createTempDirectory(SHM, "junit-");
        }
        return Files.createTempDirectory("junit-");
    }
}
