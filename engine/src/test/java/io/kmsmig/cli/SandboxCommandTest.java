package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kmsmig sandbox reset and restore-backup on a generated sandbox world. */
class SandboxCommandTest {
    @TempDir
    Path dir;

    private CliRun cli() throws IOException {
        Files.writeString(dir.resolve("world.yaml"), Worlds.genericWithInstanceSecret(3));
        Files.writeString(
                dir.resolve("spec.yaml"), Worlds.sandboxSpec("policies: { instanceSecrets: backup-restore }"));
        return new CliRun(dir);
    }

    @Test
    void restoreBackup_thenPlanFindsTheSecretInSync_andResetStartsOver() throws IOException {
        CliRun cli = cli();
        assertEquals(0, cli.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
        assertTrue(Files.exists(dir.resolve("sandbox.json")) && Files.exists(dir.resolve("state.json")));
        assertTrue(Files.exists(dir.resolve("sandbox.json.log")), "the world keeps a change log beside it");
        CliRun.Result restore = cli.run("sandbox", "restore-backup", "-f", "spec.yaml", "--instance", "kst-hz-gen");
        assertEquals(0, restore.exit(), restore.all());
        assertTrue(
                restore.out()
                        .contains(
                                "Restored 1 secret from the backup of kst-hz-gen into kst-sh-gen: vault/instance-token."),
                restore.out());
        CliRun.Result plan = cli.run("plan", "-f", "spec.yaml");
        assertTrue(plan.out().contains("= vault/instance-token  (Generic, import)"), plan.out());
        assertTrue(plan.out().contains("restored from the backup of kst-hz-gen; it matches the source"), plan.out());

        CliRun.Result reset = cli.run("sandbox", "reset", "-f", "spec.yaml");
        assertEquals(0, reset.exit(), reset.all());
        assertTrue(
                reset.out().contains("Sandbox reset. Removed sandbox.json, sandbox.json.log, state.json"), reset.out());
        assertFalse(Files.exists(dir.resolve("sandbox.json")) || Files.exists(dir.resolve("state.json")));
        assertFalse(Files.exists(dir.resolve("sandbox.json.log")), "the world's change log went with it");
        CliRun.Result fresh = cli.run("plan", "-f", "spec.yaml");
        assertTrue(fresh.out().contains("State: none yet"), fresh.out());
        assertTrue(
                fresh.out()
                        .contains(
                                "Plan: 3 to create, 0 to update, 0 to delete-and-recreate, 0 to delete, 0 to restore, 1 manual"),
                fresh.out());
    }

    @Test
    void sandbox_refusesASpecWithoutASandbox_andAWrongInstance() throws IOException {
        CliRun cli = cli();
        Files.writeString(
                dir.resolve("cloud.yaml"),
                Files.readString(dir.resolve("spec.yaml"))
                        .replace("sandbox: { world: world.yaml, data: sandbox.json }", ""));
        CliRun.Result r = cli.run("sandbox", "reset", "-f", "cloud.yaml");
        assertEquals(1, r.exit());
        assertTrue(
                r.err().contains("cloud.yaml has no sandbox block; kmsmig sandbox only manages the embedded emulator"),
                r.err());
        CliRun.Result wrong = cli.run("sandbox", "restore-backup", "-f", "spec.yaml", "--instance", "kst-nope");
        assertEquals(1, wrong.exit());
        assertTrue(
                wrong.err().contains("Cannot restore the backup: No KMS instance kst-nope in cn-hangzhou."),
                wrong.err());
    }

    @Test
    void sandboxWorld_withControlAndC1Characters_survivesBetweenCommands() throws IOException {
        // given a source value with C0, DEL, C1, line/paragraph separators, an astral character and escape-like text
        String yamlValue = "\"CANARY \\0\\x01\\x1f\\x7f\\x80\\x85\\x9f\\u2028\\u2029\\U0001F600 \\\\u0041\"";
        String expected = "CANARY \u0000\u0001\u001f\u007f\u0080\u0085\u009f\u2028\u2029\uD83D\uDE00 \\u0041";
        Files.writeString(
                dir.resolve("world.yaml"),
                Worlds.generic(2, true, "{}").replace("data: \"CANARY 1 2\"", "data: " + yamlValue));
        Files.writeString(dir.resolve("spec.yaml"), Worlds.sandboxSpec(""));
        CliRun cli = new CliRun(dir);

        // when one command persists the world and the next loads it
        CliRun.Result first = cli.run("plan", "-f", "spec.yaml");
        CliRun.Result second = cli.run("plan", "-f", "spec.yaml");

        // then the next command works and the value is unchanged in the persisted world
        assertEquals(0, first.exit(), first.all());
        assertEquals(0, second.exit(), second.all());
        var world = io.kmsmig.emulator.world.WorldFile.loadPersisted(
                        dir.resolve("sandbox.json"),
                        new io.kmsmig.emulator.world.EmulatorClock(java.time.Clock.systemUTC()))
                .world();
        String persisted = world.read(w -> w.copySecrets()).get("cn-hangzhou").stream()
                .filter(x -> x.name().equals("app1/secret-1"))
                .findFirst()
                .orElseThrow()
                .versions()
                .get(1)
                .data();
        assertEquals(expected, persisted);
    }
}
