package io.kmsmig.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key under which surefire's forks share the children's jars and class-data archive (target/child-jvm/KEY): other
 * classes must never get the jars or archive made of earlier ones, or a child would run stale code.
 */
class ChildJvmKeyTest {
    private static final FileTime THEN = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aClassRewrittenWithTheSameSizeAndTime_isAnotherKey(@TempDir Path dir) throws IOException {
        // given: a classes directory and its key
        Path classes = Files.createDirectories(dir.resolve("classes/io/kmsmig"));
        Path cls = classes.resolve("Main.class");
        Files.writeString(cls, "CAFEBABE one");
        Files.setLastModifiedTime(cls, THEN);
        List<Path> cp = List.of(dir.resolve("classes"));
        String before = ChildJvm.key(cp);
        assertEquals(before, ChildJvm.key(cp), "the same classes, the same key");
        // when: the class is recompiled to the same size, and the file system's times do not tell (coarse resolution,
        // or a directory restored from a cache with its old times)
        Files.writeString(cls, "CAFEBABE two");
        Files.setLastModifiedTime(cls, THEN);
        // then
        assertNotEquals(before, ChildJvm.key(cp));
    }

    @Test
    void aJarReplacedAtTheSamePath_isAnotherKey(@TempDir Path dir) throws IOException {
        // given: a dependency jar (a SNAPSHOT in the local repository, say) and the key
        Path jar = dir.resolve("kmsmig-emulator-1.0-SNAPSHOT.jar");
        Files.writeString(jar, "PK one");
        String before = ChildJvm.key(List.of(jar));
        // when: another build installs a new one at the same path
        Files.writeString(jar, "PK the second");
        // then: the children's archive, which names the jar by size and time, is not reused
        assertNotEquals(before, ChildJvm.key(List.of(jar)));
    }

    @Test
    void theSameClassPathReachedThroughAnotherModule_isTheSameKey(@TempDir Path dir) throws IOException {
        // given: the engine's classes, as engine-test's and engine-it's JVMs name them (../engine from each module)
        Files.createDirectories(dir.resolve("engine/target/classes/io/kmsmig"));
        Files.writeString(dir.resolve("engine/target/classes/io/kmsmig/Main.class"), "CAFEBABE");
        Files.createDirectories(dir.resolve("engine-test"));
        Files.createDirectories(dir.resolve("engine-it"));
        // when / then: one key, so both use one target/child-jvm/KEY; with two, each JVM removed the other's
        // directory, in use, as an older build's (an hour untouched: a rebuild an hour after the last one)
        assertEquals(
                ChildJvm.key(List.of(dir.resolve("engine-test/../engine/target/classes"))),
                ChildJvm.key(List.of(dir.resolve("engine-it/../engine/target/classes"))));
    }
}
