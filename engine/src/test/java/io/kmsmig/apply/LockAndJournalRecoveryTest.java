package io.kmsmig.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.state.StateLock;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the CLI: lock files that need no hand-editing, plan under the lock, and a journal kmsmig repairs itself. The
 * subject is the state's files, so the KMS is the world in memory (MemoryWorld).
 */
class LockAndJournalRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyOrGarbageLockFile_leftByAFullDisk_doesNotBlockApply() {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), "")) {
            var untouched = cloud.memory.dump();
            for (String content : new String[] {"", "{\"id\":\"", "\u0000\u0000"}) {
                cloud.memory.replaceWorld(untouched);
                Files.writeString(dir.resolve("state.json.lock"), content);
                CliRun.Result r = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
                assertEquals(0, r.exit(), "lock file '" + content + "': " + r.all());
                assertFalse(r.all().contains("pid -1") || r.all().contains("lock id )"), r.all());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void plan_takesTheStateLock_failingAtOnceOrWaitingWithLockTimeout() throws Exception {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), "")) {
            StateLock apply =
                    StateLock.acquire(dir.resolve("state.json"), "apply", "test", Duration.ZERO, Clock.systemUTC());
            CliRun.Result refused = cloud.run("plan", "-f", "spec.yaml");
            assertEquals(1, refused.exit(), refused.all());
            assertTrue(
                    refused.err()
                            .contains("The state is locked by apply by pid "
                                    + ProcessHandle.current().pid()),
                    refused.err());
            CompletableFuture<CliRun.Result> waiting =
                    CompletableFuture.supplyAsync(() -> cloud.run("plan", "-f", "spec.yaml", "--lock-timeout", "2m"));
            assertFalse(waiting.isDone(), "a plan does not read the state while apply holds it");
            apply.close();
            CliRun.Result waited = waiting.get(120, TimeUnit.SECONDS);
            assertEquals(0, waited.exit(), waited.all());
            assertTrue(waited.out().contains("Plan: 3 to create"), waited.out());
        }
    }

    @Test
    void aDamagedJournalRecordMidApply_stopsEveryCommandWithTheRepairCommand_andStateRepairRecovers() throws Exception {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(4, true, "{}"), "")) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            // given: the journal a killed verify left (not folded in), one byte of its first secret record rotted
            Path journal = dir.resolve("state.json.journal");
            assertFalse(Files.exists(journal));
            writeJournalOfVerify(dir, journal);
            byte[] j = Files.readAllBytes(journal);
            int second = new String(j, StandardCharsets.ISO_8859_1).indexOf('\n') + 1;
            j[second + 40] ^= 0x04;
            Files.write(journal, j);
            // when / then
            for (String[] cmd : new String[][] {
                {"plan", "-f", "spec.yaml"},
                {"apply", "-f", "spec.yaml", "--auto-approve"},
                {"state", "list", "-f", "spec.yaml"}
            }) {
                CliRun.Result r = cloud.run(cmd);
                assertEquals(1, r.exit(), String.join(" ", cmd) + ": " + r.all());
                assertTrue(
                        r.err().contains("kmsmig state repair -f spec.yaml")
                                && r.err().contains("line 2"),
                        r.err());
                assertFalse(
                        r.err().contains("the state before this apply is in")
                                || r.err().contains(".backup")
                                || r.all().contains("\tat "),
                        r.err());
            }
            CliRun.Result repaired = cloud.run("state", "repair", "-f", "spec.yaml");
            assertEquals(0, repaired.exit(), repaired.all());
            assertTrue(
                    repaired.out().contains("Dropped, and kept in")
                            && repaired.out().contains("checksum mismatch"),
                    repaired.out());
            assertTrue(Files.exists(dir.resolve("state.json.journal.damaged")));
            CliRun.Result list = cloud.run("state", "list", "-f", "spec.yaml");
            assertEquals(0, list.exit(), list.all());
            assertEquals(
                    3,
                    list.out().lines().filter(l -> l.contains(" verified ")).count(),
                    "the other records kept:\n" + list.out());
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml", "--detailed-exitcode");
            assertEquals(0, plan.exit(), "nothing to do in KMS: " + plan.all());
            ApplyEndToEndTest.assertDestinationEqualsSource(cloud);
        }
    }

    /** Writes what a verify killed after recording every secret, before folding its journal in, leaves. */
    private static void writeJournalOfVerify(Path dir, Path journal) throws Exception {
        Path state = dir.resolve("state.json");
        byte[] before = Files.readAllBytes(state);
        io.kmsmig.state.StateStore store = new io.kmsmig.state.StateStore(state, Clock.systemUTC());
        io.kmsmig.state.State s = store.load("generated");
        try (io.kmsmig.state.Journal j = store.openJournal(s, s.specSha256())) {
            for (io.kmsmig.state.SecretState sec : s.secrets().values()) {
                j.record(sec.withStatus(io.kmsmig.state.SecretStatus.VERIFIED, "verify", null, sec.updatedAt()), false);
            }
        }
        assertTrue(Files.exists(journal));
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(state));
    }
}
