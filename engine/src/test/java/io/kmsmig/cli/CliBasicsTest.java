package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Help, version, exit codes, colour rules, and every example spec validating. */
class CliBasicsTest {
    static Stream<Path> examples() throws IOException {
        try (Stream<Path> s = Files.walk(CliRun.REPO.resolve("examples"))) {
            List<Path> specs = s.filter(p -> p.toString().endsWith(".yaml")
                            && !p.getFileName().toString().equals("world.yaml"))
                    .filter(p -> !p.toString().contains("/ci/"))
                    .sorted()
                    .toList();
            assertTrue(specs.size() >= 4, "at least four example specs: " + specs);
            return specs.stream().map(p -> CliRun.REPO.relativize(p));
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void validate_acceptsEveryExample(Path example) throws IOException {
        CliRun.Result r = CliRun.inRepo().run("validate", "-f", example.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("OK " + example), r.out());
        String first = Files.readAllLines(CliRun.REPO.resolve(example)).get(0);
        String depth = "../".repeat(example.getNameCount() - 1);
        assertEquals(
                "# yaml-language-server: $schema=" + depth + "schemas/migration-spec.v1.schema.json",
                first,
                "examples start with the schema comment, with the right relative path");
    }

    @Test
    void help_listsCommandsAndExitCodes() {
        CliRun.Result r = CliRun.inRepo().run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("validate"), r.out());
        for (String code : List.of("  0 ", "  1 ", "  2 ", "  64 ", "  130 ")) {
            assertTrue(r.out().contains(code), "exit code " + code.trim() + " is listed");
        }
        assertTrue(r.out().contains("examples/quickstart/migration.yaml"), "help teaches where to start");
    }

    @Test
    void helpCommand_showsACommandsDescriptionAndExample() {
        CliRun.Result r = CliRun.inRepo().run("help", "validate");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Example:") && r.out().contains("kmsmig validate -f"), r.out());
    }

    /** Every command and subcommand, as typed. */
    static java.util.stream.Stream<String> commands() {
        java.util.List<String> out = new java.util.ArrayList<>();
        walk(Main.commandLine(CliRun.inRepo().context()), "", out);
        return out.stream();
    }

    private static void walk(picocli.CommandLine cl, String prefix, java.util.List<String> out) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                out.add((prefix + " " + name).trim());
                walk(sub, prefix + " " + name, out);
            }
        });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("commands")
    void dashDashHelp_onEveryCommand_describesItAndGivesAnExample(String command) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
        args.add("--help");
        CliRun.Result r = CliRun.inRepo().run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), command + ": " + r.all());
        assertTrue(r.out().startsWith("Usage: kmsmig " + command), r.out());
        String[] lines = r.out().split("\n");
        assertTrue(lines.length > 3 && lines[1].length() > 20, command + " has a one-line summary: " + r.out());
        assertTrue(r.out().contains("Example:") || r.out().contains("Examples:"), command + " has an example");
        assertTrue(r.out().contains("  kmsmig " + command), command + "'s example runs it");
    }

    @Test
    void version_printsKmsmigAndSdkVersions() {
        CliRun.Result r = CliRun.inRepo().run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("kmsmig 0.1.0"), r.out());
        assertTrue(
                r.out().contains("aliyun-java-sdk-kms 2.16.6") && r.out().contains("alibabacloud-dkms-gcs-sdk 0.5.2"),
                r.out());
    }

    @Test
    void usageErrors_exit64NeverTwo() {
        for (String[] args : List.of(
                new String[] {"frobnicate"},
                new String[] {"validate"},
                new String[] {"validate", "-f"},
                new String[] {"validate", "--nope", "-f", "x"},
                new String[] {})) {
            CliRun.Result r = CliRun.inRepo().run(args);
            assertEquals(64, r.exit(), String.join(" ", args) + ": " + r.all());
            assertFalse(r.all().contains("\tat "), "no stack trace");
        }
    }

    @Test
    void unknownCommand_suggestsTheClosestOne() {
        CliRun.Result r = CliRun.inRepo().run("validat", "-f", "x");
        assertTrue(r.err().contains("Did you mean: kmsmig validate"), r.err());
    }

    @Test
    void colour_onlyOnATerminalAndNeverWithNoColor() {
        Cli tty = new Cli(null, null, CliRun.REPO, java.util.Map.of(), null, true, null, null);
        assertTrue(tty.color(false));
        assertFalse(tty.color(true), "--no-color");
        Cli noColor = new Cli(null, null, CliRun.REPO, java.util.Map.of("NO_COLOR", "1"), null, true, null, null);
        assertFalse(noColor.color(false), "NO_COLOR");
        Cli pipe = new Cli(null, null, CliRun.REPO, java.util.Map.of(), null, false, null, null);
        assertFalse(pipe.color(false), "not a terminal");
        CliRun.Result r =
                CliRun.inRepo().terminal(true, "").env("NO_COLOR", "1").run("validate", "-f", "nope.yaml");
        assertFalse(r.all().contains("\u001b["), "no escape codes with NO_COLOR");
    }

    @Test
    void debug_addsTheStackTrace() {
        CliRun.Result plain = CliRun.inRepo().run("validate", "-f", "nope.yaml");
        CliRun.Result debug = CliRun.inRepo().run("--debug", "validate", "-f", "nope.yaml");
        assertEquals(1, plain.exit());
        assertFalse(plain.err().contains("\tat "));
        assertTrue(debug.err().contains("\tat io.kmsmig"), debug.err());
    }
}
