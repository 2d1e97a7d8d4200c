package io.kmsmig.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged or foreign state files, damaged saved plans and damaged sandbox worlds: each is a clear error naming the
 * file (and line where there is one), exit 1, no stack trace, the backup untouched, and no write reaching KMS. Files,
 * not the wire, are the subject: the KMS is the world in memory (MemoryWorld).
 */
class BadFilesTest {
    @TempDir
    Path dir;

    static Stream<Arguments> damagedStates() {
        return Stream.of(
                Arguments.of(
                        "truncated",
                        (UnaryOperator<String>) s -> s.substring(0, s.length() / 2),
                        "is unreadable (truncated or corrupted?)"),
                Arguments.of(
                        "binary garbage",
                        (UnaryOperator<String>) s -> "\u0000\u0001\u00ff garbage {[",
                        "is unreadable (truncated or corrupted?)"),
                Arguments.of(
                        "schema-invalid",
                        (UnaryOperator<String>) s -> s.replaceFirst("\"serial\" : \\d+", "\"serial\" : \"many\""),
                        "is not a valid state file: serial:"),
                Arguments.of(
                        "newer format",
                        (UnaryOperator<String>) s -> s.replaceFirst("\"format_version\" : 1", "\"format_version\" : 7"),
                        "is state format version 7, newer than this kmsmig reads (version 1). Upgrade kmsmig."),
                Arguments.of(
                        "another migration's",
                        (UnaryOperator<String>) s ->
                                s.replaceFirst("\"spec_name\" : \"generated\"", "\"spec_name\" : \"payments-move\""),
                        "is the state of migration 'payments-move', not of 'generated'"));
    }

    @ParameterizedTest(name = "{0} state file")
    @MethodSource("damagedStates")
    void damagedOrForeignState_isAClearError_backupUntouched_nothingApplied(
            String what, UnaryOperator<String> damage, String message) throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(4, true, "{}"), "")) {
            var untouched = cloud.memory.dump();
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit(), "a second write, so a backup exists");
            Path state = dir.resolve("state.json");
            Path backup = dir.resolve("state.json.backup");
            byte[] backupBefore = Files.readAllBytes(backup);
            Files.writeString(state, damage.apply(Files.readString(state)));
            byte[] damaged = Files.readAllBytes(state);
            // the destination is empty again (an apply would have work to do), and the calls are counted from here
            cloud.memory.replaceWorld(untouched);
            cloud.memory.calls().clear();
            for (String[] cmd : new String[][] {
                {"apply", "-f", "spec.yaml", "--auto-approve"},
                {"plan", "-f", "spec.yaml"},
                {"verify", "-f", "spec.yaml"},
                {"state", "list", "-f", "spec.yaml"}
            }) {
                CliRun.Result r = cloud.run(cmd);
                assertEquals(1, r.exit(), what + ": " + String.join(" ", cmd) + ": " + r.all());
                assertTrue(r.err().contains(message) && r.err().contains("state.json"), what + ": " + r.err());
                assertFalse(r.all().contains("\tat ") || r.all().contains("bug in kmsmig"), r.all());
            }
            assertEquals(0, cloud.memory.calls().writes(), what + ": no write reached KMS");
            assertArrayEquals(backupBefore, Files.readAllBytes(backup), what + ": the backup is untouched");
            assertArrayEquals(
                    damaged, Files.readAllBytes(state), what + ": the damaged file is left for the user to inspect");
        }
    }

    @Test
    void aDamagedStateWithoutBackup_neverPointsAtABackupThatDoesNotExist() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(2, true, "{}"), "")) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            Path state = dir.resolve("state.json");
            assertFalse(Files.exists(dir.resolve("state.json.backup")), "one write: no backup yet");
            String good = Files.readString(state);
            Files.writeString(state, good.substring(0, good.length() / 2));
            CliRun.Result r = cloud.run("plan", "-f", "spec.yaml");
            assertEquals(1, r.exit(), r.all());
            assertTrue(r.err().contains("There is no backup to go back to"), r.err());
            assertFalse(r.err().contains("The previous state is in"), r.err());
            // and once a backup exists, it is named
            Files.writeString(state, good);
            assertEquals(0, cloud.run("verify", "-f", "spec.yaml").exit());
            Files.writeString(state, good.substring(0, good.length() / 2));
            CliRun.Result withBackup = cloud.run("plan", "-f", "spec.yaml");
            assertTrue(
                    withBackup.err().contains("The previous state is in " + dir.resolve("state.json.backup")),
                    withBackup.err());
        }
    }

    @Test
    void damagedSavedPlans_areRefusedWithTheReason() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), "")) {
            assertEquals(
                    0, cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan").exit());
            String plan = Files.readString(dir.resolve("p.kmsplan"));
            Files.writeString(dir.resolve("truncated.kmsplan"), plan.substring(0, plan.length() / 3));
            Files.writeString(dir.resolve("edited.kmsplan"), plan.replace("app1/secret-1", "app1/secret-X"));
            Files.writeString(
                    dir.resolve("newer.kmsplan"),
                    plan.replaceFirst("\"format_version\" : 2", "\"format_version\" : 3"));
            Files.writeString(
                    dir.resolve("older.kmsplan"),
                    plan.replaceFirst("\"format_version\" : 2", "\"format_version\" : 1"));
            Files.writeString(dir.resolve("other.kmsplan"), "version: 1\nname: not-a-plan\n");
            Files.writeString(
                    dir.resolve("renamed.kmsplan"),
                    plan.replaceFirst("\"plan_id\" : \"[0-9a-f]{16}\"", "\"plan_id\" : \"0123456789abcdef\""));
            String[][] cases = {
                {
                    "renamed.kmsplan",
                    "renamed.kmsplan was changed after kmsmig wrote it (its plan_id does not match its content)."
                },
                {
                    "truncated.kmsplan",
                    "Cannot use plan file truncated.kmsplan: it is not a kmsmig plan (truncated or corrupted?)."
                },
                {"edited.kmsplan", "edited.kmsplan was changed after kmsmig wrote it (checksum mismatch)."},
                {"newer.kmsplan", "newer.kmsplan is plan format version 3, newer than this kmsmig reads (version 2)."},
                {
                    "older.kmsplan",
                    "older.kmsplan is plan format version 1, written by an older kmsmig; this one reads version 2"
                },
                {"other.kmsplan", "Cannot use plan file other.kmsplan: it does not match schemas/plan.v2.schema.json."},
                {
                    "missing.kmsplan",
                    "Plan file not found: missing.kmsplan. Make one with: kmsmig plan -f SPEC -o missing.kmsplan"
                }
            };
            for (String[] c : cases) {
                for (CliRun.Result r :
                        new CliRun.Result[] {cloud.run("apply", "-f", "spec.yaml", c[0]), cloud.run("show", c[0])}) {
                    assertEquals(1, r.exit(), c[0] + ": " + r.all());
                    assertTrue(r.err().contains(c[1]), c[0] + ": " + r.err());
                    assertFalse(r.all().contains("\tat "), r.all());
                }
            }
            assertEquals(0, cloud.memory.calls().writes());
            assertFalse(Files.exists(dir.resolve("state.json")), "no state was written");
        }
    }

    static Stream<Arguments> damagedWorlds() {
        return Stream.of(
                Arguments.of(
                        "unknown field",
                        (UnaryOperator<String>) w -> w.replace("account: ", "acount: "),
                        "world.yaml:2:1: error: acount: unknown field 'acount'; did you mean 'account' (required)?"),
                Arguments.of(
                        "bad timestamp",
                        (UnaryOperator<String>) w -> w.replaceFirst("2023-01-01T00:00:00Z", "yesterday"),
                        "world.yaml:15:32: error: regions.cn-hangzhou.secrets[0].versions[0].created: 'yesterday' is not valid"),
                Arguments.of(
                        "truncated",
                        (UnaryOperator<String>) w -> w.substring(0, w.indexOf("secret-2") + 3) + "\n  - [",
                        "world.yaml:22:3: error: (document): not valid YAML"),
                Arguments.of(
                        "eleven versions",
                        (UnaryOperator<String>) w -> w.replace(
                                "        versions:\n",
                                "        versions:\n"
                                        + "          - { id: x, stages: [], data: \"CANARY x\" }\n".repeat(11)),
                        "world.yaml:15:11: error: regions.cn-hangzhou.secrets[0].versions: must have at most 10 items"));
    }

    @ParameterizedTest(name = "{0} world file")
    @MethodSource("damagedWorlds")
    void damagedSandboxWorld_isAClearErrorWithItsLine(String what, UnaryOperator<String> damage, String where)
            throws IOException {
        Files.writeString(dir.resolve("world.yaml"), damage.apply(Worlds.generic(3, true, "{}")));
        Files.writeString(dir.resolve("spec.yaml"), Worlds.sandboxSpec(""));
        CliRun.Result r = new CliRun(dir).run("plan", "-f", "spec.yaml");
        assertEquals(1, r.exit(), what + ": " + r.all());
        assertTrue(
                r.err().contains(where)
                        && r.err().contains("The sandbox world world.yaml is invalid; nothing was changed."),
                what + ": " + r.err());
        assertFalse(r.all().contains("\tat ") || r.all().contains("CANARY"), r.all());
        assertFalse(Files.exists(dir.resolve("sandbox.json")), "nothing persisted");
    }
}
