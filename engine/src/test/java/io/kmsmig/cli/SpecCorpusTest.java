package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad specs: each exits 1 with a message naming the line and the field, prints no stack trace, changes nothing,
 * and finishes promptly (the time bound guards against hangs and runaway memory, it is not a speed target).
 */
class SpecCorpusTest {
    static final Path CORPUS = CliRun.REPO.resolve("engine/src/test/resources/spec-corpus");

    @TempDir
    static Path tmp;

    @BeforeAll
    static void warmUp() {
        CliRun.inRepo().run("validate", "-f", "examples/minimal.yaml");
    }

    static Stream<Arguments> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            List<Path> list =
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(list.size() >= 25, "at least 25 hand-written cases, found " + list.size());
            return list.stream().map(p -> {
                try {
                    String[] expect = Files.readAllLines(p)
                            .get(0)
                            .substring("# expect: ".length())
                            .split(" ", 2);
                    return Arguments.of(p.getFileName().toString(), Integer.parseInt(expect[0]), expect[1]);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    private static CliRun.Result validate(Path file) {
        return assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> new CliRun(file.getParent())
                        .run("validate", "-f", file.getFileName().toString()));
    }

    private static void assertCleanFailure(CliRun.Result r, String file, int line, String field) {
        assertEquals(1, r.exit(), r.all());
        String expected = file + ":" + line + ":";
        assertTrue(
                r.err().lines().anyMatch(l -> l.startsWith(expected) && l.contains(": " + field + ": ")),
                "names line " + line + " and field " + field + ":\n" + r.err());
        assertFalse(r.all().contains("\tat ") || r.all().contains("Exception"), "no stack trace:\n" + r.all());
        assertTrue(r.err().contains("nothing was changed"), r.err());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void invalidSpec_isReportedAtItsLineAndField(String file, int line, String field) {
        assertCleanFailure(validate(CORPUS.resolve(file)), file, line, field);
    }

    @Test
    void emptyAndCommentOnlyFiles() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.yaml"), "");
        assertCleanFailure(validate(empty), "empty.yaml", 1, "(document)");
        Path comments = Files.writeString(tmp.resolve("comments.yaml"), "# nothing here\n\n# at all\n");
        assertCleanFailure(validate(comments), "comments.yaml", 1, "(document)");
    }

    @Test
    void binaryGarbage() throws IOException {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        Path bin = Files.write(tmp.resolve("garbage.yaml"), junk);
        CliRun.Result r = validate(bin);
        assertCleanFailure(r, "garbage.yaml", 1, "(document)");
        assertTrue(r.err().contains("binary"), r.err());
    }

    @Test
    void tenMegabyteFile() throws IOException {
        byte[] big = ("description: " + "x".repeat(100) + "\n").repeat(100_000).getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(tmp.resolve("huge.yaml"), big);
        CliRun.Result r = validate(file);
        assertCleanFailure(r, "huge.yaml", 1, "(document)");
        assertTrue(r.err().contains("limit is 1.0 MB"), r.err());
    }

    @Test
    void anchorBomb() throws IOException {
        StringBuilder sb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            sb.append("a").append(i).append(": &a").append(i).append(" [");
            String ref = "*a" + (i - 1);
            sb.append(String.join(", ", java.util.Collections.nCopies(9, ref))).append("]\n");
        }
        Path bomb = Files.writeString(tmp.resolve("bomb.yaml"), sb.toString());
        CliRun.Result r = validate(bomb);
        assertCleanFailure(
                r,
                "bomb.yaml",
                r.err()
                        .lines()
                        .filter(l -> l.startsWith("bomb.yaml:"))
                        .findFirst()
                        .map(l -> Integer.parseInt(l.split(":")[1]))
                        .orElse(-1),
                "(document)");
        assertTrue(r.err().contains("alias"), r.err());
    }

    @Test
    void deepNestingAndNulBytes() throws IOException {
        Path deep = Files.writeString(tmp.resolve("deep.yaml"), "a: " + "[".repeat(500) + "]".repeat(500) + "\n");
        CliRun.Result r = validate(deep);
        assertEquals(1, r.exit(), r.all());
        assertFalse(r.all().contains("\tat "), r.all());
        byte[] withNul = "version: 1\nname: x\0y\n".getBytes(StandardCharsets.UTF_8);
        CliRun.Result n = validate(Files.write(tmp.resolve("nul.yaml"), withNul));
        assertCleanFailure(n, "nul.yaml", 2, "(document)");
    }

    @Test
    void allProblemsOfAFileAreReportedInOneRun() {
        CliRun.Result r = validate(CORPUS.resolve("same-region.yaml"));
        assertEquals(1, r.err().lines().filter(l -> l.contains(": error: ")).count(), r.err());
        Path multi = CORPUS.resolve("credentials-both.yaml");
        assertTrue(validate(multi)
                .err()
                .contains("give at most one of profile, env, ecsRamRole, oidc (found profile, env)"));
    }

    @Test
    void corpusFilesNeverEchoTheInlineSecret() {
        CliRun.Result r = validate(CORPUS.resolve("inline-secret.yaml"));
        assertFalse(r.all().contains("wJalrXUtnFEMI/K7MDENG"), "a secret written into a spec is not repeated back");
        assertTrue(Arrays.stream(r.err().split("\n")).anyMatch(l -> l.contains("never written in a spec")));
    }

    @Test
    void accessKeyIdWrittenIntoASpec_isRefusedWithoutBeingRepeated() {
        CliRun.Result r = validate(CORPUS.resolve("key-id-as-profile.yaml"));
        assertFalse(r.all().contains("LTAI5tQx7Yd2kPz9WmB3"), r.all());
        assertTrue(r.err().contains("this looks like an access key id or STS token"), r.err());
        CliRun.Result role = validate(CORPUS.resolve("assume-role-secret.yaml"));
        assertFalse(role.all().contains("wJalrXUtnFEMI/K7MDENG"), role.all());
        assertTrue(role.err().contains("never written in a spec"), role.err());
    }

    @Test
    void secretWrittenWhereAnEnvironmentVariableNameGoes_isRefusedWithoutBeingRepeated() {
        CliRun.Result r = validate(CORPUS.resolve("inline-secret-in-env.yaml"));
        assertFalse(r.all().contains("wJalrXUtnFEMI"), "the value is not repeated back:\n" + r.all());
        assertTrue(r.err().contains("is not an environment variable name"), r.err());
    }

    @Test
    void oidcTokenWrittenWhereItsFileGoes_isRefusedWithoutBeingRepeated() {
        CliRun.Result r = validate(CORPUS.resolve("oidc-token-inline.yaml"));
        assertEquals(1, r.exit(), r.all());
        assertFalse(r.all().contains("eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9"), r.all());
        assertTrue(r.err().contains("this looks like an access key id or STS token"), r.err());
    }

    @Test
    void keyArnOfAnotherRegion_isRefusedNamingBothRegions() {
        CliRun.Result r = validate(CORPUS.resolve("key-arn-other-region.yaml"));
        assertEquals(1, r.exit(), r.all());
        assertTrue(
                r.err().contains("a key in cn-beijing") && r.err().contains("destination.region is cn-shanghai"),
                r.err());
    }

    @Test
    void renamedRequiredKey_isReportedOnceAsTheLikelyRename() {
        CliRun.Result r = validate(CORPUS.resolve("renamed-required-key.yaml"));
        assertEquals(1, r.err().lines().filter(l -> l.contains(": error: ")).count(), r.err());
        assertTrue(
                r.err().contains("unknown field 'kmsInstnaceId'; did you mean 'kmsInstanceId' (required)?"), r.err());
    }

    @Test
    void unknownRegion_namesTheClosestKnownOne() {
        CliRun.Result r = validate(CORPUS.resolve("unknown-region.yaml"));
        assertTrue(r.err().contains("unknown region 'cn-hangzou'; did you mean 'cn-hangzhou'?"), r.err());
    }

    @Test
    void unknownRegion_withAnExplicitEndpoint_isAccepted() throws IOException {
        // given: a region kmsmig does not know yet, reached through the endpoint the spec gives
        Path spec = Files.writeString(
                tmp.resolve("new-region.yaml"),
                String.join(
                        "\n",
                        "version: 1",
                        "name: corpus",
                        "source: { region: cn-hangzhou }",
                        "destination: { region: xx-newland-1, endpoint: kms.xx-newland-1.aliyuncs.com, kmsInstanceId: kst-1, "
                                + "encryptionKeyId: key-1 }",
                        ""));
        // then
        CliRun.Result r = validate(spec);
        assertEquals(0, r.exit(), r.all());
    }

    @Test
    void stateThatIsTheSandboxWorld_isRefusedByValidate() {
        CliRun.Result r = validate(CORPUS.resolve("state-is-sandbox-data.yaml"));
        assertTrue(r.err().contains("the state file and the sandbox world (sandbox.data) are the same file"), r.err());
    }

    @Test
    void deepNesting_isALocatedErrorNotAStackOverflow() throws IOException {
        Path deep = CORPUS.resolve("deep-nesting.yaml");
        assertTrue(Files.size(deep) < 8 * 1024, "the issue's 6 KB case");
        CliRun.Result r = validate(deep);
        assertTrue(r.err().contains("nested more than 64 levels deep"), r.err());
        assertFalse(r.all().contains("StackOverflow"), r.all());
    }

    @Test
    void emptyInclude_isRefused_becauseItWouldSelectNothing() {
        CliRun.Result r = validate(CORPUS.resolve("empty-include.yaml"));
        assertTrue(r.err().contains("an empty list would select nothing"), r.err());
        assertTrue(r.err().contains("leave include out to select every secret"), r.err());
    }

    @ParameterizedTest
    @CsvSource({
        "region-upper-case.yaml,    'CN-HANGZHOU' is not a region id (lower case, no spaces); did you mean 'cn-hangzhou'?",
        "region-leading-space.yaml, ' cn-shanghai' is not a region id (lower case, no spaces); did you mean 'cn-shanghai'?",
        "enum-typo.yaml,            'backup-restor'); did you mean 'backup-restore'?",
    })
    void misspelledRegionOrChoice_suggestsTheIntendedOne(String file, String message) {
        CliRun.Result r = validate(CORPUS.resolve(file));
        assertTrue(r.err().contains(message), r.err());
    }

    @Test
    void anchorBomb_isExplainedInKmsmigsWords_atTheAliasOverTheLimit() throws IOException {
        // given: nine aliases of a list per line from line 2 on, so the 51st alias is on line 7
        StringBuilder sb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            sb.append("a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1))))
                    .append("]\n");
        }
        // when
        CliRun.Result r = validate(Files.writeString(tmp.resolve("laughs.yaml"), sb.toString()));
        // then
        assertCleanFailure(r, "laughs.yaml", 7, "(document)");
        assertTrue(
                r.err().contains("too many YAML aliases: more than 50 aliases (*name) to lists or mappings")
                        && r.err().contains("write those values out"),
                r.err());
        assertFalse(r.err().contains("max=50") || r.err().contains("Number of aliases"), r.err());
    }

    @Test
    void stateThatIsADirectory_isRefusedByValidate_atTheStateLine() throws IOException {
        // given
        Path dir = Files.createDirectories(tmp.resolve("dir-state"));
        Files.createDirectories(dir.resolve("states"));
        Path spec = Files.writeString(
                dir.resolve("spec.yaml"),
                String.join(
                        "\n",
                        "version: 1",
                        "name: corpus",
                        "source: { region: cn-hangzhou }",
                        "destination: { region: cn-shanghai, kmsInstanceId: kst-1, encryptionKeyId: key-1 }",
                        "state: states/",
                        ""));
        // when
        CliRun.Result r = validate(spec);
        // then
        assertCleanFailure(r, "spec.yaml", 5, "state");
        assertTrue(
                r.err()
                        .contains("is a directory; the state is a file: give its name, e.g. state: "
                                + "states/corpus.state.json"),
                r.err());
    }
}
