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
            KmsmigException e = assertThrows(KmsmigException.class, () -> backend().lock("plan", Duration.ZERO,
                    waited::add));
            // then
            assertEquals(ErrorCode.STATE_LOCKED, e.code());
            assertTrue(e.getMessage().contains("apply by pid " + ProcessHandle.current().pid()), e.getMessage());
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
}
