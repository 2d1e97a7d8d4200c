package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.support.Worlds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hint is a command to paste: a launcher, spec or plan path with a space or a quote in it is shell-quoted, so the
 * pasted line runs the same words (an archive unpacked under "My Tools" printed {@code /x/My Tools/bin/kmsmig apply
 * -f spec dir/s.yaml my plan.kmsplan}, which a shell splits into other words).
 */
class HintQuotingTest {
    @TempDir
    Path dir;

    @Test
    void planSaveHint_quotesTheLauncherSpecAndPlanPaths_soAShellReadsTheSameWords() throws Exception {
        // given: a sandbox spec under a directory with a space, a launcher path with a space and a quote
        Path specDir = Files.createDirectories(dir.resolve("spec dir"));
        Files.writeString(specDir.resolve("world.yaml"), Worlds.generic(1, true, "{}"));
        Files.writeString(specDir.resolve("it's.yaml"), Worlds.sandboxSpec(""));
        CliRun cli = new CliRun(dir).env("KMSMIG_PROG", "/opt/My Tools/bin/kmsmig");

        // when
        CliRun.Result r = cli.run("plan", "-f", "spec dir/it's.yaml", "-o", "my plan.kmsplan");

        // then
        assertEquals(0, r.exit(), r.all());
        String marker = "Apply exactly this plan with: ";
        int at = r.err().indexOf(marker);
        assertTrue(at >= 0, r.err());
        String hint =
                r.err().substring(at + marker.length()).lines().findFirst().orElseThrow();
        assertEquals("'/opt/My Tools/bin/kmsmig' apply -f 'spec dir/it'\\''s.yaml' 'my plan.kmsplan'", hint);
        assertEquals(
                List.of("/opt/My Tools/bin/kmsmig", "apply", "-f", "spec dir/it's.yaml", "my plan.kmsplan"),
                shellWords(hint));
    }

    @Test
    void plainWords_areLeftAsTheyAre() {
        assertEquals("./kmsmig", Cli.shellWord("./kmsmig"));
        assertEquals("examples/quickstart/migration.yaml", Cli.shellWord("examples/quickstart/migration.yaml"));
        assertEquals("''", Cli.shellWord(""));
    }

    /** The words sh splits {@code line} into. */
    private static List<String> shellWords(String line) throws Exception {
        Process p = new ProcessBuilder(
                        "sh", "-c", "eval \"set -- $1\"; for a in \"$@\"; do printf '%s\\n' \"$a\"; done", "sh", line)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sh finished");
        return out.lines().toList();
    }
}
