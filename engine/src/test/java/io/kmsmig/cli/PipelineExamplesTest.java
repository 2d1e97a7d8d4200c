package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

/**
 * The pipeline files in examples/ci parse as YAML, and every kmsmig command line in them names commands and flags
 * that exist (parsed by kmsmig's own picocli command tree), with the workflow the issue asks for.
 */
class PipelineExamplesTest {
    private static final Pattern KMSMIG = Pattern.compile("(?:^|[\\s;(])\\S*/kmsmig\\s+([^\\n]*)");
    /** The keys that hold shell: GitHub's run, GitLab's script, before_script and after_script. */
    private static final java.util.Set<String> SHELL =
            java.util.Set.of("run", "script", "before_script", "after_script");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "github-actions.yml | apply plan policy validate verify",
                "gitlab-ci.yml | apply plan policy validate verify",
                "github-actions-file-state.yml | apply plan validate verify"
            })
    void everyKmsmigCommandInThePipelineExists(String file, String expectedVerbs) throws IOException {
        Object doc = new Load(LoadSettings.builder().build())
                .loadFromString(
                        Files.readString(CliRun.REPO.resolve("examples/ci").resolve(file)));
        List<String> scalars = new ArrayList<>();
        collect(doc, false, scalars);
        List<List<String>> commands = new ArrayList<>();
        for (String s : scalars) {
            for (String line : s.split("\n")) {
                if (line.stripLeading().startsWith("#")) {
                    continue;
                }
                Matcher m = KMSMIG.matcher(line);
                while (m.find()) {
                    commands.add(words(m.group(1)));
                }
            }
        }
        TreeSet<String> verbs = new TreeSet<>();
        for (List<String> args : commands) {
            CommandLine cl = Main.commandLine(new CliRun(CliRun.REPO).context());
            try {
                CommandLine.ParseResult r = cl.parseArgs(args.toArray(String[]::new));
                verbs.add(r.subcommand().commandSpec().name());
            } catch (CommandLine.ParameterException e) {
                fail(file + ": kmsmig " + String.join(" ", args) + ": " + e.getMessage());
            }
        }
        assertEquals(new TreeSet<>(List.of(expectedVerbs.split(" "))), verbs, file);
        String all = String.join("\n", scalars);
        assertTrue(all.contains("plan -f \"$SPEC\" -o plan.kmsplan --format markdown --detailed-exitcode"), file);
        assertTrue(all.contains("plan.kmsplan"), file + ": the saved plan is kept as an artifact");
        if (file.equals("github-actions-file-state.yml")) {
            return; // one maintainer: apply plans again at merge; the plan goes to the job summary
        }
        assertTrue(all.contains("apply -f \"$SPEC\" plan.kmsplan --auto-approve"), file);
        assertTrue(
                Files.readString(CliRun.REPO.resolve("examples/ci").resolve(file))
                        .contains("<!-- kmsmig-plan:"),
                file + ": one comment, found by its marker and updated");
    }

    private static void collect(Object node, boolean shell, List<String> out) {
        if (node instanceof String s && shell) {
            out.add(s);
        } else if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collect(v, shell || SHELL.contains(String.valueOf(k)), out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, shell, out));
        }
    }

    /** Shell words up to the first redirection, pipe or command separator; quotes removed. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '>' || c == '|' || c == ';' || c == '&') {
                break;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(w.toString());
        }
        return out;
    }
}
