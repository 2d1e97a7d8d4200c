package io.kmsmig.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's promises that can be checked without running the tour (ReadmeTourIT runs the tour). */
class ReadmeTest {
    private static final Path README = CliRun.REPO.resolve("README.md");
    private static final String README_TEXT = read();

    private static String read() {
        try {
            return Files.readString(README);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<List<String>> fencedBlocks() throws IOException {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("```")) {
                if (current == null) {
                    current = new ArrayList<>();
                } else {
                    blocks.add(current);
                    current = null;
                }
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    @Test
    void readme_startsWithExactlyTheTwoFreshMachineCommands() throws IOException {
        assertEquals(
                List.of("./kmsmig plan -f examples/quickstart/migration.yaml", "mvn -B verify"),
                fencedBlocks().get(0));
        assertTrue(
                Files.readString(CliRun.REPO.resolve(".ci/run")).contains("mvn -B verify"),
                "CI runs the README's test command");
    }

    @Test
    void cliReference_namesEveryCommandAndEveryOption() throws IOException {
        String readme = Files.readString(README);
        String reference = readme.substring(readme.indexOf("## CLI reference"), readme.indexOf("## File formats"));
        CommandLine root = io.kmsmig.cli.CliAccess.commandLine();
        List<String> missing = new ArrayList<>();
        walk(root, "", reference, missing);
        assertEquals(List.of(), missing, "commands and options the CLI reference does not mention");
    }

    private static void walk(CommandLine cl, String prefix, String reference, List<String> missing) {
        for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
            if (!reference.contains("`" + o.longestName())
                    && !reference.contains(" " + o.longestName() + " ")
                    && !reference.contains(o.longestName() + "`")) {
                missing.add((prefix + " " + o.longestName()).trim());
            }
        }
        cl.getSubcommands().forEach((name, sub) -> {
            String path = (prefix + " " + name).trim();
            if (sub.getCommandSpec().usageMessage().hidden()) {
                if (!README_TEXT.contains("./kmsmig " + path)) {
                    missing.add(path + " (hidden: documented elsewhere in the README)");
                }
                return;
            }
            if (!reference.contains("`" + path) && !reference.contains("`" + name)) {
                missing.add(path);
            }
            if (!name.equals("help")) {
                walk(sub, path, reference, missing);
            }
        });
    }

    @Test
    void specExample_withEverySection_validates(@TempDir Path dir) throws IOException {
        String readme = Files.readString(README);
        int at = readme.indexOf("A spec, with every section:");
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, yaml);
        // the files it names sit beside it, as paths in a spec are relative to the spec's directory
        Path files = Files.createDirectories(dir.resolve("files"));
        for (String f : List.of("ClientKey_KAAP.example.json", "PrivateKmsCA_kst-shh-example.pem")) {
            Files.copy(CliRun.REPO.resolve("examples/files").resolve(f), files.resolve(f));
        }
        for (String section :
                List.of("source:", "destination:", "secrets:", "policies:", "cutover:", "execution:", "state:")) {
            assertTrue(yaml.contains("\n" + section), section);
        }
        CliRun.Result r = CliRun.inRepo().run("validate", "-f", spec.toString());
        assertEquals(0, r.exit(), r.all());
    }
}
