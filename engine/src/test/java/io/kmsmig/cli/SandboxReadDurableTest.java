package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.world.EmulatorClock;
import io.kmsmig.emulator.world.WorldFile;
import io.kmsmig.support.Worlds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmsmig sandbox read} says "ActionTrail recorded the call" only once the read's event is on disk: a kill -9
 * right after that line must not lose the read, or a cutover plan would not see the secret as still in use.
 */
class SandboxReadDurableTest {
    @TempDir
    Path dir;

    @Test
    void readEvent_isOnDisk_whenTheCommandSaysActionTrailRecordedIt() throws IOException {
        // given a sandbox world (a plan persists it first)
        Files.writeString(dir.resolve("world.yaml"), Worlds.generic(2, true, "{}"));
        Files.writeString(dir.resolve("spec.yaml"), Worlds.sandboxSpec(""));
        assertEquals(0, new CliRun(dir).run("plan", "-f", "spec.yaml").exit());
        Path crash = Files.createDirectory(dir.resolve("crash"));

        // when `sandbox read` runs, and the disk is copied the moment it prints its line (a kill -9 at that instant)
        StringWriter out = new StringWriter();
        Writer copyOnRecorded = new Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                out.write(c, off, len);
                if (out.toString().contains("ActionTrail recorded the call")
                        && !Files.exists(crash.resolve("sandbox.json"))) {
                    copy("sandbox.json", crash);
                    copy("sandbox.json.log", crash);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Cli cli = new Cli(
                new PrintWriter(copyOnRecorded, true),
                new PrintWriter(new StringWriter(), true),
                dir,
                Map.of(),
                Clock.systemUTC(),
                false,
                new BufferedReader(new StringReader("")),
                handler -> () -> {});
        int exit = Main.run(cli, "sandbox", "read", "-f", "spec.yaml", "app1/secret-1");

        // then the world as it was on disk at that moment holds the read's event
        assertEquals(0, exit, out.toString());
        assertTrue(Files.exists(crash.resolve("sandbox.json")), out.toString());
        List<String> reads = new ArrayList<>();
        WorldFile.loadPersisted(crash.resolve("sandbox.json"), new EmulatorClock(Clock.systemUTC()), e -> {
            if (e.path("eventName").asString().equals("GetSecretValue")
                    && e.path("resourceName").asString().equals("app1/secret-1")) {
                reads.add(e.path("eventId").asString());
            }
        });
        assertEquals(1, reads.size(), "the GetSecretValue of sandbox read, on disk when the command reported it");
    }

    private void copy(String name, Path to) {
        try {
            if (Files.exists(dir.resolve(name))) {
                Files.copy(dir.resolve(name), to.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
