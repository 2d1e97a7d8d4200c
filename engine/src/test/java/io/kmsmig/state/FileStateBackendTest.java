package io.kmsmig.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file backend keeps the state file's semantics behind {@link StateBackend}: serial, lineage, backup, lock. */
class FileStateBackendTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private StateBackend backend() {
        return new FileStateBackend(dir.resolve("state.json"), "m", CLOCK, "spec.yaml", "1.2.3");
    }

    @Test
    void fold_keepsLineage_bumpsSerial_andKeepsThePreviousStateAsTheBackup() {
        StateBackend b = backend();
        // given no state yet
        assertFalse(b.read("m").state().exists());
        assertTrue(b.backup().isEmpty(), "nothing folded, nothing backed up");
        assertEquals(List.of(), b.list(), "no state yet");
        // when two sessions fold one after the other
        Journal opened = b.openJournal(b.read("m").state(), "sha-1");
        assertEquals(List.of("m"), b.list(), "a journal not folded yet is this migration's state");
        State first = opened.compact();
        State second = b.openJournal(b.read("m").state(), "sha-2").compact();
        // then
        assertEquals(first.lineage(), second.lineage(), "the lineage is fixed when the state is created");
        assertTrue(second.serial() > first.serial(), "every change bumps the serial");
        State read = b.read("m").state();
        assertEquals(second.serial(), read.serial());
        assertEquals("sha-2", read.specSha256());
        State backup = b.backup().orElseThrow();
        assertEquals(first.serial(), backup.serial(), "the backup is the state before the last fold");
        assertEquals("sha-1", backup.specSha256());
        assertTrue(Files.exists(dir.resolve("state.json.backup")));
        assertEquals(List.of("m"), b.list());
    }

    @Test
    void lock_isTheStateLock_aSecondHolderIsRefusedNamingTheFirst_andForceUnlockNeverTakesALiveOne() {
        StateBackend b = backend();
        List<String> waited = new ArrayList<>();
        try (StateBackend.Lock held = b.lock("apply", Duration.ZERO, waited::add)) {
            // when another command wants it
            KmsmigException e =
                    assertThrows(KmsmigException.class, () -> backend().lock("plan", Duration.ZERO, waited::add));
            // then
            assertEquals(ErrorCode.STATE_LOCKED, e.code());
            assertTrue(
                    e.getMessage()
                            .contains("apply by pid " + ProcessHandle.current().pid()),
                    e.getMessage());
            assertTrue(Files.exists(StateLock.fileFor(dir.resolve("state.json"))));
            KmsmigException live = assertThrows(KmsmigException.class, () -> b.forceUnlock(held.id()));
            assertEquals(ErrorCode.STATE_LOCKED, live.code(), live.getMessage());
        }
        // and once released it is free, and nothing is left to force-unlock
        try (StateBackend.Lock again = b.lock("plan", Duration.ZERO, waited::add)) {
            assertFalse(again.id().isEmpty());
        }
        assertFalse(b.forceUnlock("no-such-id").wasHeld());
    }

    @Test
    void localFiles_nameTheStateItsJournalBackupAndLock_inOrder() {
        Map<String, Path> own = backend().localFiles();
        assertEquals(
                List.of("the state file", "the state's journal", "the state's backup", "the state lock"),
                List.copyOf(own.keySet()));
        assertEquals(
                List.of(
                        dir.resolve("state.json"),
                        dir.resolve("state.json.journal"),
                        dir.resolve("state.json.backup"),
                        StateLock.fileFor(dir.resolve("state.json"))),
                List.copyOf(own.values()));
    }

    @Test
    void reset_forgetsTheState_removingJournalStateAndBackup_andKeepsTheLock() throws Exception {
        StateBackend b = backend();
        b.openJournal(b.read("m").state(), "sha-1").compact();
        b.openJournal(b.read("m").state(), "sha-2").compact(); // the second fold keeps the first as the backup
        b.openJournal(b.read("m").state(), "sha-3").close(); // a journal no fold took in yet
        assertTrue(Files.exists(dir.resolve("state.json.journal")));
        assertTrue(Files.exists(dir.resolve("state.json.backup")));
        try (StateBackend.Lock held = b.lock("sandbox reset", Duration.ZERO, line -> {})) {
            // when
            List<Path> removed = b.reset();
            // then
            assertEquals(
                    List.of(
                            dir.resolve("state.json.journal"),
                            dir.resolve("state.json"),
                            dir.resolve("state.json.backup")),
                    removed);
            assertFalse(b.read("m").state().exists(), "no state after a reset");
            assertTrue(b.backup().isEmpty());
            assertEquals(List.of(), b.list());
            assertTrue(Files.exists(StateLock.fileFor(dir.resolve("state.json"))), "the lock held stays");
            assertEquals(List.of(), b.reset(), "nothing left to remove");
        }
    }

    @Test
    void inMemoryBackend_reset_forgetsTheStateToo() {
        InMemoryStateBackend b = new InMemoryStateBackend(CLOCK);
        b.openJournal(b.read("m").state(), "sha-1").compact();
        assertTrue(b.read("m").state().exists());
        assertEquals(List.of(), b.reset(), "it keeps no file");
        assertFalse(b.read("m").state().exists());
        assertEquals(List.of(), b.list());
        assertEquals(Map.of(), b.localFiles());
    }
}
