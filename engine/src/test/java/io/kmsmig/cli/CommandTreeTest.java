package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kmsmig.kms.Sleeper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A command line run through its own branch of the tree behaves as it does through the whole tree. */
class CommandTreeTest {
    @TempDir
    Path dir;

    @Test
    void everyVerb_helpAndUsageErrors_areTheWholeTreesOnItsBranch() {
        List<List<String>> lines = new ArrayList<>();
        for (String verb : CommandTree.full(context(new StringWriter(), new StringWriter()))
                .getSubcommands()
                .keySet()) {
            if (verb.equals("help") || verb.equals("completion")) {
                continue;
            }
            lines.add(List.of(verb, "--help"));
            lines.add(List.of(verb, "--no-such-option"));
            lines.add(List.of("--debug", verb, "--help"));
            lines.add(List.of("--no-color", "--debug", verb, "--no-such-option", "x"));
            lines.add(List.of(verb, "-f"));
        }
        lines.add(List.of("state", "list", "--help"));
        lines.add(List.of("state", "no-such-verb"));
        lines.add(List.of("state"));
        lines.add(List.of("sandbox", "--help"));
        lines.add(List.of("plan", "-f", "no-such-spec.yaml"));
        lines.add(List.of("version"));
        // the root's own options after a verb, help inside a verb's branch, a verb's options from an @file
        lines.add(List.of("plan", "--version"));
        lines.add(List.of("version", "-V"));
        lines.add(List.of("state", "help", "list"));
        lines.add(List.of("sandbox", "help", "reset"));
        lines.add(List.of("plan", "help"));
        lines.add(List.of("--debug", "--debug", "plan"));
        lines.add(List.of("plan", "-f", "x", "validate"));
        lines.add(List.of("plan", "@" + argFile("--versoin")));
        for (List<String> args : lines) {
            String[] a = args.toArray(String[]::new);
            Function<Cli, CommandLine> whole = CommandTree::full;
            Function<Cli, CommandLine> branch = cli -> CommandTree.forArgs(cli, a);
            assertEquals(run(whole, a), run(branch, a), String.join(" ", args));
            assertEquals(
                    1,
                    CommandTree.forArgs(context(new StringWriter(), new StringWriter()), a)
                            .getSubcommands()
                            .size(),
                    "one branch for " + args);
        }
    }

    @Test
    void withoutAVerbFirst_orForHelpAndCompletion_theWholeTree() {
        Set<String> all = CommandTree.full(context(new StringWriter(), new StringWriter()))
                .getSubcommands()
                .keySet();
        assertEquals(KmsmigCommand.COMMANDS.size(), all.size());
        for (String[] a : new String[][] {
            {},
            {"help", "plan"},
            {"completion"},
            {"-h", "plan"},
            {"--help"},
            {"--version", "plan"},
            {"plna", "-f", "x"},
            {"--", "plan"},
            {"@args.txt"},
            {"--debug"}
        }) {
            Cli cli = context(new StringWriter(), new StringWriter());
            assertEquals(
                    all,
                    CommandTree.forArgs(cli, a).getSubcommands().keySet(),
                    List.of(a).toString());
        }
        assertEquals(
                Set.of("plan"),
                CommandTree.forArgs(context(new StringWriter(), new StringWriter()), "--debug", "plan", "-f", "x")
                        .getSubcommands()
                        .keySet());
    }

    /** An @file holding {@code args}, one a line: picocli expands it after the tree is chosen. */
    private String argFile(String... args) {
        try {
            return Files.writeString(dir.resolve("args.txt"), String.join("\n", args) + "\n")
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** exit code, stdout and stderr of one run through the tree {@code tree} makes. */
    private List<Object> run(Function<Cli, CommandLine> tree, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli cli = context(out, err);
        int code = Main.run(cli, tree.apply(cli), args);
        return List.of(code, out.toString(), err.toString());
    }

    private Cli context(StringWriter out, StringWriter err) {
        return new Cli(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                dir,
                Map.of(),
                Clock.systemUTC(),
                false,
                new BufferedReader(new StringReader("")),
                handler -> () -> {},
                null,
                Sleeper.REAL);
    }
}
