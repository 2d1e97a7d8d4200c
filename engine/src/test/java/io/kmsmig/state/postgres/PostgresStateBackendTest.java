package io.kmsmig.state.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.state.InFlight;
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.StateLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What only the PostgreSQL backend has: rows, sessions, the history kept N deep, its Flyway schema. */
class PostgresStateBackendTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final DataSource DS = EmbeddedPg.dataSource();
    private static final String SCHEMA = EmbeddedPg.freshSchema();
    private final String workspace = UUID.randomUUID().toString();

    private PostgresStateBackend backend(String name) {
        return new PostgresStateBackend(DS, SCHEMA, name, workspace, CLOCK, "1.2.3", 3);
    }

    private static SecretState secret(String name, boolean inFlight) {
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
        InFlight create = new InFlight(1, InFlight.Write.CREATE_SECRET, "v1", null, CLOCK.instant());
        return inFlight ? s.withInFlight(create, CLOCK.instant()) : s;
    }

    private List<String> rows(String sql, Object... args) throws SQLException {
        try (Connection c = DS.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private List<String> journalKinds(String name) throws SQLException {
        return rows(
                "SELECT j.kind FROM " + SCHEMA + ".journal j JOIN " + SCHEMA + ".migration m ON m.id ="
                        + " j.migration_id WHERE m.spec_name = ? AND m.workspace = ? ORDER BY j.serial",
                name,
                workspace);
    }

    @Test
    void schema_isCreatedByFlyway_atVersion1() throws SQLException {
        backend("m");
        assertEquals(
                List.of("1:true"),
                rows("SELECT version || ':' || success FROM " + SCHEMA
                        + ".kmsmig_schema_history WHERE version IS NOT NULL"));
    }

    @Test
    void aSchemaNamedByAReservedWord_works() {
        PostgresStateBackend b = new PostgresStateBackend(DS, "order", "m", workspace, CLOCK, "1.2.3", 3);
        try (StateBackend.Lock lock = b.lock("apply", Duration.ZERO, w -> {})) {
            try (Journal j = b.openJournal(b.read("m").state(), "sha-1")) {
                j.record(secret("s1", false), true);
                j.compact();
            }
        }
        assertEquals(List.of("s1"), List.copyOf(b.read("m").state().secrets().keySet()));
        assertEquals(List.of("m"), b.list());
    }

    @Test
    void intentRow_isCommittedBeforeRecordReturns_theDoneRowWithTheNextCommit_andTheFoldTakesThemInOneStep()
            throws SQLException {
        PostgresStateBackend b = backend("m");
        try (Journal j = b.openJournal(b.read("m").state(), "sha-1")) {
            // when an intent is recorded (before its KMS call), another session sees it committed
            j.record(secret("s1", true), true);
            assertEquals(List.of("session", "intent"), journalKinds("m"));
            // a done row waits for the next commit (group commit)...
            j.record(secret("s1", false), false);
            assertEquals(List.of("session", "intent"), journalKinds("m"));
            // ...which the next intent makes, committing the rows in serial order, the waiting done row first
            j.record(secret("s2", true), true);
            assertEquals(List.of("session", "intent", "done", "intent"), journalKinds("m"));
            // when it folds
            State folded = j.compact();
            // then the rows are gone and the snapshot holds them, at the journal's serial
            assertEquals(List.of(), journalKinds("m"));
            assertEquals(
                    List.of(String.valueOf(folded.serial())),
                    rows(
                            "SELECT serial FROM " + SCHEMA + ".migration WHERE spec_name = ? AND workspace = ?",
                            "m",
                            workspace));
        }
    }

    @Test
    void doneRowsWaitingForACommit_areCommittedWithTheNextIntent_inOneTransaction() throws SQLException {
        PostgresStateBackend b = backend("group");
        try (Journal j = b.openJournal(b.read("group").state(), "sha-1")) {
            j.record(secret("s1", false), false);
            j.record(secret("s2", false), false);
            j.record(secret("s3", false), false);
            assertEquals(List.of("session"), journalKinds("group"), "done rows wait for a commit");
            // when an intent is recorded, it is committed with the rows waiting before it, in one transaction
            j.record(secret("s4", true), true);
            assertEquals(List.of("session", "done", "done", "done", "intent"), journalKinds("group"));
            List<String> xmins = rows(
                    "SELECT j.xmin::text FROM " + SCHEMA + ".journal j JOIN " + SCHEMA + ".migration m ON m.id ="
                            + " j.migration_id WHERE m.spec_name = ? AND m.workspace = ? ORDER BY j.serial",
                    "group",
                    workspace);
            assertEquals(1, Set.copyOf(xmins.subList(1, 5)).size(), "one transaction for the group: " + xmins);
            assertNotEquals(xmins.get(0), xmins.get(1), "the session row was committed before, on its own");
        }
    }

    @Test
    void twoWritersOnOneRead_theSecondIsRefusedWhenItOpens() {
        PostgresStateBackend b = backend("m");
        b.openJournal(b.read("m").state(), "sha-1").compact();
        State base = b.read("m").state();
        Journal first = b.openJournal(base, "sha-2");
        // a second journal opened on the same read (no lock taken: what the lock normally prevents) is refused at once
        KmsmigException open =
                assertThrows(KmsmigException.class, () -> backend("m").openJournal(base, "sha-3"));
        assertTrue(open.getMessage().contains("changed since it was read"), open.getMessage());
        first.record(secret("s1", false), true);
        State folded = first.compact();
        assertEquals(folded.serial(), b.read("m").state().serial());
    }

    @Test
    void aFoldRacedByAnotherWriter_isRefused_andChangesNothing() throws SQLException {
        PostgresStateBackend b = backend("m");
        Journal mine = b.openJournal(b.read("m").state(), "sha-1");
        mine.record(secret("s1", false), true);
        // another writer appends a row after mine (as a command without the lock would)
        Journal other = b.openJournal(b.read("m").state(), "sha-2");
        other.record(secret("s2", false), true);
        other.close();
        // then my next record finds its serial taken (the primary key refuses it), and my fold is refused
        KmsmigException taken = assertThrows(KmsmigException.class, () -> mine.record(secret("s3", false), true));
        assertTrue(taken.getMessage().contains("Another writer recorded serial"), taken.getMessage());
        KmsmigException e = assertThrows(KmsmigException.class, mine::compact);
        assertEquals(ErrorCode.STATE_INVALID, e.code());
        assertTrue(e.getMessage().contains("changed since it was read"), e.getMessage());
        assertEquals(List.of("session", "done", "session", "done"), journalKinds("m"), "no row was folded away");
        assertEquals(
                List.of("s1", "s2"), List.copyOf(b.read("m").state().secrets().keySet()));
    }

    @Test
    void aStaleWritersRows_afterAnotherWriterFolded_areRefused_notReplayedOnTheNewSnapshot() {
        PostgresStateBackend b = backend("stale");
        Journal stale = b.openJournal(b.read("stale").state(), "sha-1");
        stale.record(secret("s1", true), true); // serial 2, committed; its KMS call in flight when the lock is lost
        // another command (it took the lock meanwhile) applies and folds: its journal rows are deleted
        Journal other = b.openJournal(b.read("stale").state(), "sha-2");
        other.record(secret("s2", false), true);
        State folded = other.compact();
        // the stale command's calls in flight end; their done rows take serials the fold freed, and one above it
        stale.record(secret("s1", false), false);
        stale.record(secret("s3", false), false);
        stale.record(secret("s4", false), false);
        KmsmigException e = assertThrows(KmsmigException.class, stale::close);
        assertTrue(e.getMessage().contains("Another writer folded"), e.getMessage());
        State now = b.read("stale").state();
        assertEquals(folded.serial(), now.serial(), "no row of the stale writer is replayed on the fold");
        assertEquals(Set.of("s1", "s2"), now.secrets().keySet());
    }

    @Test
    void history_keepsTheLastNSnapshots_newestFirst() {
        PostgresStateBackend b = backend("m");
        List<Long> serials = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            serials.add(b.openJournal(b.read("m").state(), "sha-" + i).compact().serial());
        }
        List<State> h = b.history(10);
        assertEquals(
                List.of(serials.get(3), serials.get(2), serials.get(1)),
                h.stream().map(State::serial).toList(),
                "the 3 snapshots before the last fold");
        assertEquals("sha-4", b.backup().orElseThrow().specSha256());
    }

    @Test
    void aKilledLockHolder_releasesTheLockByItself_andForceUnlockClearsItsLeftoverRow() throws SQLException {
        PostgresStateBackend b = backend("m");
        StateBackend.Lock dead = b.lock("apply", Duration.ZERO, line -> {});
        String backendPid = rows(
                        "SELECT h.backend_pid FROM " + SCHEMA + ".lock_holder h JOIN " + SCHEMA
                                + ".migration m ON m.id = h.migration_id WHERE m.spec_name = ? AND m.workspace = ?",
                        "m",
                        workspace)
                .get(0);
        KmsmigException held =
                assertThrows(KmsmigException.class, () -> backend("m").lock("plan", Duration.ZERO, line -> {}));
        assertTrue(
                held.getMessage()
                        .contains("apply by pid " + ProcessHandle.current().pid()),
                held.getMessage());
        // when the holder's session is terminated (a runner killed, a connection lost)
        assertEquals(List.of("t"), rows("SELECT pg_terminate_backend(?)", Integer.parseInt(backendPid)));
        // then the lock is free without force-unlock (waiting for the server to end that session)
        StateBackend.Lock next = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (next == null) {
            try {
                next = backend("m").lock("plan", Duration.ZERO, line -> {});
            } catch (KmsmigException stillHeld) {
                assertTrue(System.nanoTime() < deadline, "the terminated session's lock was never released");
                Thread.onSpinWait();
            }
        }
        try (StateBackend.Lock taken = next) {
            assertFalse(taken.id().equals(dead.id()));
            dead.close(); // the dead holder's close does not throw, nor touch the new holder's row
            KmsmigException e =
                    assertThrows(KmsmigException.class, () -> backend("m").lock("verify", Duration.ZERO, line -> {}));
            assertTrue(e.getMessage().contains("plan by pid"), e.getMessage());
        }
        // and a holder row left by a dead session (its lock free) is what force-unlock clears
        StateBackend.Lock orphan = b.lock("apply", Duration.ZERO, line -> {});
        String pid = rows(
                        "SELECT h.backend_pid FROM " + SCHEMA + ".lock_holder h JOIN " + SCHEMA
                                + ".migration m ON m.id = h.migration_id WHERE m.spec_name = ? AND m.workspace = ?",
                        "m",
                        workspace)
                .get(0);
        rows("SELECT pg_terminate_backend(?)", Integer.parseInt(pid));
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        StateLock.Released released = null;
        while (released == null) {
            try {
                released = backend("m").forceUnlock(orphan.id());
            } catch (KmsmigException stillHeld) {
                assertTrue(System.nanoTime() < until, "the terminated session's lock was never released");
                Thread.onSpinWait();
            }
        }
        assertEquals(orphan.id(), released.holder().id());
        assertEquals(
                List.of(),
                rows(
                        "SELECT h.lock_id FROM " + SCHEMA + ".lock_holder h JOIN " + SCHEMA
                                + ".migration m ON m.id = h.migration_id WHERE m.spec_name = ? AND m.workspace = ?",
                        "m",
                        workspace));
    }

    @Test
    void aJournalWhoseSessionIsTerminated_stopsWithALostConnection_andKeepsWhatWasCommitted() throws SQLException {
        PostgresStateBackend b = backend("lost");
        State base = b.read("lost").state();
        String sessions = "SELECT pid::text FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname ="
                + " current_database() AND backend_type = 'client backend'";
        List<String> others = rows(sessions);
        Journal j = b.openJournal(base, "sha-1");
        j.record(secret("s1", true), true); // an intent, committed before its KMS call
        // when the server ends the journal's session (the one session that came with it)
        List<String> journalSession = new ArrayList<>(rows(sessions));
        journalSession.removeAll(others);
        assertEquals(1, journalSession.size(), "the journal's session: " + journalSession);
        assertEquals(
                List.of("true"), rows("SELECT pg_terminate_backend(?)::text", Integer.parseInt(journalSession.get(0))));
        // then the next record fails saying the connection was lost, and nothing committed is lost
        KmsmigException e = assertThrows(KmsmigException.class, () -> j.record(secret("s1", false), true));
        assertEquals(ErrorCode.STATE_INVALID, e.code());
        assertTrue(e.getMessage().contains("The connection to PostgreSQL was lost"), e.getMessage());
        j.close();
        State after = b.read("lost").state();
        assertEquals(
                InFlight.Write.CREATE_SECRET,
                after.secret("s1").orElseThrow().inFlight().action(),
                "the intent is kept");
        // and the next command carries on from it
        Journal next = b.openJournal(after, "sha-1");
        next.record(secret("s1", false), true);
        assertEquals(after.serial() + 2, next.compact().serial());
    }

    @Test
    void list_namesEveryMigrationOfTheWorkspaceWithAState_sorted() {
        backend("zulu").openJournal(backend("zulu").read("zulu").state(), "sha").compact();
        backend("alpha")
                .openJournal(backend("alpha").read("alpha").state(), "sha")
                .close();
        backend("locked-only").lock("plan", Duration.ZERO, line -> {}).close();
        assertEquals(List.of("alpha", "zulu"), backend("m").list());
        PostgresStateBackend other = new PostgresStateBackend(DS, SCHEMA, "alpha", "elsewhere", CLOCK, "1.2.3", 3);
        assertFalse(other.read("alpha").state().exists(), "a workspace is a migration of its own");
    }

    @Test
    void reset_forgetsSnapshotJournalAndHistory() {
        PostgresStateBackend b = backend("m");
        b.openJournal(b.read("m").state(), "sha-1").compact();
        b.openJournal(b.read("m").state(), "sha-2").compact();
        b.openJournal(b.read("m").state(), "sha-3").close();
        assertEquals(List.of(), b.reset(), "no local file");
        assertFalse(b.read("m").state().exists());
        assertTrue(b.backup().isEmpty());
        assertEquals(List.of(), b.list());
    }

    @Test
    void aSchemaNameThatIsNotAPlainIdentifier_isRefused() {
        KmsmigException e = assertThrows(
                KmsmigException.class,
                () -> new PostgresStateBackend(DS, "x; drop table y", "m", "", CLOCK, "1.2.3", 3));
        assertEquals(ErrorCode.STATE_INVALID, e.code());
    }
}
