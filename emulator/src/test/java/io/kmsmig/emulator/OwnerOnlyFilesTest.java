package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that hold values, access key secrets or private keys are created readable by their owner only. */
class OwnerOnlyFilesTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void worldInfoTlsAndClientKeyFiles_areCreated0600() throws Exception {
        // given an emulator with a persisted world, a TLS directory and generated client keys
        Path data = dir.resolve("sandbox.world.json");
        Path info = dir.resolve("info.json");
        try (KmsEmulator emu = KmsEmulator.start(EmulatorConfig.ofYaml(SdkHarness.resource("basic.yaml"))
                .withDataFile(data)
                .withTlsDir(dir.resolve("tls"))
                .withClientKeyDir(dir.resolve("client-keys")))) {
            // when it writes its world and its --info file
            emu.writeInfo(info);
            emu.advanceClock(java.time.Duration.ofSeconds(1));

            // then each of them is rw------- (the umask of this run would give others read access)
            List<Path> secretFiles = new ArrayList<>(List.of(
                    data,
                    info,
                    dir.resolve("tls/emulator-ca.p12"),
                    data.resolveSibling(data.getFileName() + ".lock"),
                    data.resolveSibling(data.getFileName() + ".log")));
            try (Stream<Path> keys = Files.list(dir.resolve("client-keys"))) {
                keys.forEach(secretFiles::add);
            }
            assertTrue(secretFiles.size() >= 6, "client key file and its password file: " + secretFiles);
            for (Path p : secretFiles) {
                assertEquals("rw-------", mode(p), p.toString());
            }
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.toString().endsWith(".tmp")), "no temp file is left behind");
        }
    }

    @Test
    void worldWrite_neverFollowsALinkPlantedAtAFixedTempName() throws IOException {
        // given: someone sharing the directory planted <data>.tmp -> victim (the old fixed temp name)
        Path data = dir.resolve("sandbox.world.json");
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Files.createSymbolicLink(dir.resolve("sandbox.world.json.tmp"), victim);
        // when
        io.kmsmig.emulator.world.WorldFile.writeAtomically(
                data,
                tools.jackson.databind.json.JsonMapper.builder()
                        .build()
                        .createObjectNode()
                        .put("format_version", 1));
        // then: the victim is untouched, the world is a new owner-only file, and the planted link is left alone
        assertEquals("precious", Files.readString(victim));
        assertTrue(Files.readString(data).contains("format_version"));
        assertEquals("rw-------", mode(data));
        assertTrue(Files.isSymbolicLink(dir.resolve("sandbox.world.json.tmp")));
    }

    @Test
    void aWorldLockThatIsASymbolicLink_isRefused_andItsTargetIsUntouched() throws Exception {
        // given: <world>.lock planted as a link to a file of the user's
        Path data = dir.resolve("sandbox.world.json");
        Path victim = dir.resolve("notes.txt");
        Files.writeString(victim, "the user's notes");
        Files.createSymbolicLink(data.resolveSibling(data.getFileName() + ".lock"), victim);
        // when: an emulator starts on that world
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.io.UncheckedIOException.class,
                () -> KmsEmulator.start(EmulatorConfig.ofYaml(SdkHarness.resource("basic.yaml"))
                                .withDataFile(data)
                                .withTlsDir(dir.resolve("tls"))
                                .withClientKeyDir(dir.resolve("client-keys")))
                        .close());
        // then: refused, saying why, and the target is as it was
        assertTrue(String.valueOf(e.getCause()).contains("a symbolic link"), String.valueOf(e.getCause()));
        assertEquals("the user's notes", Files.readString(victim));
    }
}
