package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kmsmig version} as a command, and {@code kmsmig completion bash|zsh} scripts that bash really runs. */
class VersionCompletionTest {
    @TempDir
    Path tmp;

    @Test
    void version_asACommand_printsWhatDashDashVersionPrints() {
        CliRun.Result command = CliRun.inRepo().run("version");
        CliRun.Result option = CliRun.inRepo().run("--version");
        assertEquals(0, command.exit(), command.all());
        assertTrue(command.out().startsWith("kmsmig 0.1.0\n"), command.out());
        assertEquals(option.out(), command.out());
    }

    @Test
    void completionBash_completesCommandsAndTheirOptions_inBash() throws Exception {
        CliRun.Result r = CliRun.inRepo().run("completion", "bash");
        assertEquals(0, r.exit(), r.all());
        Path script = Files.writeString(tmp.resolve("kmsmig.bash"), r.out());

        assertEquals(List.of("plan"), complete(script, "kmsmig", "pl"));
        assertTrue(complete(script, "kmsmig", "ver").containsAll(List.of("verify", "version")));
        assertEquals(List.of("--detailed-exitcode"), complete(script, "kmsmig", "plan", "--detail"));
        assertTrue(complete(script, "kmsmig", "completion", "").containsAll(List.of("bash", "zsh")));
    }

    @Test
    void completionZsh_isPicocliScriptLoadingBashcompinit() {
        CliRun.Result r = CliRun.inRepo().run("completion", "zsh");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("# kmsmig completion for zsh"), r.out());
        assertTrue(r.out().contains("bashcompinit") && r.out().contains("complete -F"), r.out());
    }

    @Test
    void completion_ofAnotherShell_isAUsageErrorNamingTheChoices() {
        CliRun.Result r = CliRun.inRepo().run("completion", "fish");
        assertEquals(64, r.exit(), r.all());
        assertTrue(r.err().contains("bash, zsh"), r.err());
    }

    /** Sources the script in bash, fills COMP_WORDS as bash does for a TAB after {@code words}, returns COMPREPLY. */
    private static List<String> complete(Path script, String... words) throws IOException, InterruptedException {
        Matcher fn = Pattern.compile("complete -F (\\S+)").matcher(Files.readString(script));
        assertTrue(fn.find(), "the script registers a completion function");
        StringBuilder quoted = new StringBuilder();
        for (String w : words) {
            quoted.append(" '").append(w).append('\'');
        }
        String line = String.join(" ", words);
        // compopt works only inside a real TAB press; a no-op here (it only tunes how bash prints the choices)
        String driver = "source '" + script + "'\ncompopt() { :; }\n"
                + "COMP_WORDS=(" + quoted + ")\nCOMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + line + "'\nCOMP_POINT=" + line.length() + "\n"
                + fn.group(1) + "\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", driver)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "bash finished");
        assertEquals(0, p.exitValue(), out);
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
