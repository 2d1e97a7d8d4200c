package io.kmsmig.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The semantics every {@link StateBackend} keeps (issue 14), run against each backend by a subclass: the file
 * ({@code FileStateBackendContractTest}) and PostgreSQL ({@code PostgresStateBackendContractTest}).
 */
public abstract class StateBackendContract {
    protected static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** The backend of migration {@code specName}; called twice with one name, both reach the same stored state. */
    protected abstract StateBackend backend(String specName);

    protected static SecretState secret(String name, InFlight inFlight) {
        SecretState s = SecretState.builder()
                .sourceRegion("cn-hangzhou")
                .sourceName(name)
                .destinationRegion("cn-shanghai")
                .destinationName(name)
                .type("Generic")
                .disposition("recreate")
                .status(SecretStatus.MIGRATED)
                .updatedAt(CLOCK.instant())
                .build();
        return inFlight == null ? s : s.withInFlight(inFlight, CLOCK.instant());
    }

    protected static InFlight intent(InFlight.Write action) {
        return new InFlight(1, action, "v1", null, CLOCK.instant());
    }

    @Test
    void fold_keepsLineage_bumpsSerial_andEveryRecordBumpsItToo() {
        StateBackend b = backend("m");
        assertFalse(b.read("m").state().exists(), "no state yet");
        Journal j = b.openJournal(b.read("m").state(), "sha-1");
        long opened = j.current().serial();
        j.record(secret("s1", null), true);
        j.record(secret("s2", null), false);
        State first = j.compact();
        assertEquals(opened + 2, first.serial(), "each record bumps the serial");
        State second = b.openJournal(b.read("m").state(), "sha-2").compact();
        assertEquals(first.lineage(), second.lineage(), "the lineage is fixed when the state is created");
        assertTrue(second.serial() > first.serial());
        State read = backend("m").read("m").state();
        assertEquals(second.serial(), read.serial());
        assertEquals(first.lineage(), read.lineage());
        assertEquals("sha-2", read.specSha256());
        assertEquals(List.of("s1", "s2"), List.copyOf(read.secrets().keySet()));
    }

    @Test
    void openJournal_onAStaleRead_isRefused_andTheStoredStateIsKept() {
        StateBackend b = backend("m");
        b.openJournal(b.read("m").state(), "sha-1").compact();
        State stale = b.read("m").state();
        Journal winner = b.openJournal(stale, "sha-2");
        winner.record(secret("s1", null), true);
        State won = winner.compact();
        // when a writer opens a journal on the state it read before the other wrote
        KmsmigException e =
                assertThrows(KmsmigException.class, () -> backend("m").openJournal(stale, "sha-3"));
        // then it is refused, naming both serials, and nothing changed
        assertEquals(ErrorCode.STATE_INVALID, e.code());
        assertTrue(
                e.getMessage().contains("serial " + stale.serial())
                        && e.getMessage().contains("serial " + won.serial()),
                e.getMessage());
        State now = b.read("m").state();
        assertEquals(won.serial(), now.serial());
        assertEquals("sha-2", now.specSha256());
    }

    @Test
    void openJournal_onAStateOfAnotherLineage_isRefused() {
        StateBackend b = backend("m");
        State first = b.openJournal(b.read("m").state(), "sha-1").compact();
        State foreign = new State(
                State.FORMAT_VERSION,
                "00000000-0000-0000-0000-000000000000",
                first.serial(),
                "m",
                "sha-x",
                CLOCK.instant(),
                java.util.Map.of(),
                null);
        KmsmigException e = assertThrows(KmsmigException.class, () -> b.openJournal(foreign, "sha-2"));
        assertEquals(ErrorCode.STATE_INVALID, e.code());
        assertEquals(first.lineage(), b.read("m").state().lineage());
    }

    @Test
    void intent_isDurableBeforeTheFold_andTheDoneRecordClearsIt() {
        StateBackend b = backend("m");
        Journal j = b.openJournal(b.read("m").state(), "sha-1");
        j.record(secret("s1", intent(InFlight.Write.CREATE_SECRET)), true);
        j.close(); // a crash right after the intent: no done record, no fold
        // then a fresh reader sees the action in flight, to reconcile it
        State afterCrash = backend("m").read("m").state();
        assertTrue(afterCrash.exists(), "a first apply killed before its fold has a state");
        assertEquals(
                InFlight.Write.CREATE_SECRET,
                afterCrash.secret("s1").orElseThrow().inFlight().action());
        assertEquals(List.of("m"), b.list(), "its journal counts as a state");
        // when the next command records it done and folds
        Journal next = b.openJournal(afterCrash, "sha-1");
        next.record(secret("s1", null), true);
        State folded = next.compact();
        // then
        assertEquals(afterCrash.lineage(), folded.lineage(), "the lineage the crashed journal chose is kept");
        assertNull(backend("m").read("m").state().secret("s1").orElseThrow().inFlight());
        assertEquals(folded.serial(), backend("m").read("m").state().serial());
    }

    @Test
    void aDoneRecordNotYetDurable_whenTheProcessDies_leavesItsIntentAsTheLastWord_andTheNextJournalCarriesOn() {
        StateBackend b = backend("m");
        Journal dying = b.openJournal(b.read("m").state(), "sha-1");
        dying.record(secret("s1", intent(InFlight.Write.CREATE_SECRET)), true);
        dying.record(secret("s1", null), false); // its done record, not synced: a backend may still hold it back
        // when the process dies here (no close, no fold), a fresh reader sees the write either done or in flight, to
        // reconcile as after a crash: never neither, never a gap
        State after = backend("m").read("m").state();
        SecretState s1 = after.secret("s1").orElseThrow();
        assertTrue(
                s1.inFlight() == null || s1.inFlight().action() == InFlight.Write.CREATE_SECRET,
                "the write is either recorded done or still in flight: " + s1.inFlight());
        // and the next command records over it and folds, whatever the dead journal still held
        Journal next = b.openJournal(after, "sha-1");
        next.record(secret("s1", null), true);
        State folded = next.compact();
        assertEquals(after.lineage(), folded.lineage());
        assertEquals(after.serial() + 2, folded.serial(), "its session and its record, after what was stored");
        assertNull(backend("m").read("m").state().secret("s1").orElseThrow().inFlight());
    }

    @Test
    void backup_isTheStateBeforeTheLastFold() {
        StateBackend b = backend("m");
        assertTrue(b.backup().isEmpty(), "nothing folded, nothing kept");
        State first = b.openJournal(b.read("m").state(), "sha-1").compact();
        b.openJournal(b.read("m").state(), "sha-2").compact();
        State backup = b.backup().orElseThrow();
        assertEquals(first.serial(), backup.serial());
        assertEquals("sha-1", backup.specSha256());
    }

    @Test
    void lock_excludesASecondHolder_namingTheFirst_andIsFreeOnceClosed() {
        StateBackend b = backend("m");
        List<String> waited = new ArrayList<>();
        try (StateBackend.Lock held = b.lock("apply", Duration.ZERO, waited::add)) {
            KmsmigException e =
                    assertThrows(KmsmigException.class, () -> backend("m").lock("plan", Duration.ZERO, waited::add));
            assertEquals(ErrorCode.STATE_LOCKED, e.code());
            assertTrue(
                    e.getMessage()
                            .contains("apply by pid " + ProcessHandle.current().pid()),
                    e.getMessage());
            assertTrue(e.getMessage().contains("kmsmig 1.2.3") && e.getMessage().contains(held.id()), e.getMessage());
        }
        try (StateBackend.Lock again = backend("m").lock("plan", Duration.ZERO, waited::add)) {
            assertFalse(again.id().isEmpty());
        }
    }

    @Test
    void forceUnlock_neverTakesALiveLock_andHasNothingToDoOnceItIsReleased() {
        StateBackend b = backend("m");
        String id;
        try (StateBackend.Lock held = b.lock("apply", Duration.ZERO, line -> {})) {
            id = held.id();
            KmsmigException live =
                    assertThrows(KmsmigException.class, () -> backend("m").forceUnlock(held.id()));
            assertEquals(ErrorCode.STATE_LOCKED, live.code(), live.getMessage());
            assertThrows(
                    KmsmigException.class,
                    () -> backend("m").lock("plan", Duration.ZERO, line -> {}),
                    "the refused force-unlock left the lock held");
        }
        assertFalse(b.forceUnlock(id).wasHeld());
        assertFalse(b.forceUnlock("no-such-id").wasHeld());
    }

    @Test
    void twoMigrations_lockAndFoldIndependently() {
        StateBackend a = backend("alpha");
        StateBackend z = backend("zulu");
        try (StateBackend.Lock la = a.lock("apply", Duration.ZERO, line -> {});
                StateBackend.Lock lz = z.lock("apply", Duration.ZERO, line -> {})) {
            assertNotEquals(la.id(), lz.id());
            Journal ja = a.openJournal(a.read("alpha").state(), "sha-a");
            Journal jz = z.openJournal(z.read("zulu").state(), "sha-z");
            ja.record(secret("only-in-alpha", null), true);
            jz.record(secret("only-in-zulu", null), true);
            State fa = ja.compact();
            State fz = jz.compact();
            assertNotEquals(fa.lineage(), fz.lineage(), "each migration has its own lineage");
        }
        assertEquals(
                List.of("only-in-alpha"),
                List.copyOf(a.read("alpha").state().secrets().keySet()));
        assertEquals(
                List.of("only-in-zulu"),
                List.copyOf(z.read("zulu").state().secrets().keySet()));
        assertEquals("sha-a", a.read("alpha").state().specSha256());
    }
}
