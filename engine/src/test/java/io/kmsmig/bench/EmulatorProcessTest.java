package io.kmsmig.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EmulatorProcessTest {
    /** `java -jar engine/target/kmsmig.jar bench` names its jar relatively; the emulator starts in another directory. */
    @Test
    void theEmulatorsClassPath_isAbsolute() {
        String cp = String.join(File.pathSeparator, "engine/target/kmsmig.jar", "/opt/x/lib.jar", "");
        assertEquals(
                String.join(
                        File.pathSeparator,
                        Path.of("")
                                .toAbsolutePath()
                                .resolve("engine/target/kmsmig.jar")
                                .toString(),
                        "/opt/x/lib.jar"),
                EmulatorProcess.absoluteClassPath(cp));
    }

    /** Stopping `kmsmig bench` (Ctrl-C, SIGTERM) stops its emulator; closing it normally leaves no hook behind. */
    @Test
    void theEmulatorStopsWithThisJvm_untilClosed() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        EmulatorProcess emu =
                EmulatorProcess.attach(p, JsonMapper.builder().build().readTree("{}"));
        assertTrue(emu.stopsWithThisJvm());
        emu.close();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "closed: the process ended");
        assertFalse(emu.stopsWithThisJvm());
    }
}
