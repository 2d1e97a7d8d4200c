package io.kmsmig.state.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The journal's promise to apply, which makes a KMS write only once its intent's {@code record} returned: an intent
 * that cannot be committed (the journal's session ended) or whose lock is lost (the lock's session ended) throws, and
 * nothing of it is taken into the journal's view; a done row still lands while only the lock was lost.
 */
class PgJournalLossTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final DataSource ds = EmbeddedPg.dataSource();

    private static SecretState secret(String name, InFlight intent) {
        return SecretState.builder()
                .sourceRegion("cn-hangzhou")
                .sourceName(name)
                .destinationRegion("cn-shanghai")
                .destinationName(name)
                .type("Generic")
                .disposition("recreate")
                .status(SecretStatus.IN_PROGRESS)
                .updatedAt(T)
                .inFlight(intent)
                .build();
    }

    private static InFlight intent() {
        return new InFlight(1, InFlight.Write.CREATE_SECRET, "v1", null, T);
    }

    @Test
    void anIntentWhoseSessionEnded_isRefused_andNotTakenIntoTheView() {
        String schema = EmbeddedPg.freshSchema();
        PostgresStateBackend pg = new PostgresStateBackend(ds, schema, "m", "", Clock.systemUTC(), "test", 3);
        try (StateBackend.Lock lock = pg.lock("apply", Duration.ZERO, line -> {});
                Journal j = pg.openJournal(pg.read("m").state(), "a".repeat(64))) {
            j.record(secret("a", intent()), true);
            long serial = j.current().serial();
            // when the journal's session ends
            assertEquals(1, terminate("kmsmig journal " + schema + ".%"));
            // then the next intent throws (its KMS call would not be made), and it is not stored
            KmsmigException e = assertThrows(KmsmigException.class, () -> j.record(secret("b", intent()), true));
            assertTrue(e.getMessage().contains("The connection to PostgreSQL was lost"), e.getMessage());
            assertTrue(serial > 0);
            assertTrue(lock.held(), "the lock's own session lives");
        }
        State kept = pg.read("m").state();
        assertTrue(
                kept.secrets().containsKey("a") && !kept.secrets().containsKey("b"),
                kept.secrets().toString());
    }

    @Test
    void onceTheLockIsLost_anIntentIsRefused_butADoneRowLands() {
        String schema = EmbeddedPg.freshSchema();
        PostgresStateBackend pg = new PostgresStateBackend(ds, schema, "m", "", Clock.systemUTC(), "test", 3);
        // the heartbeat's thread writes it: thread-safe, and awaited below (held() turns false just before the line)
        StringBuffer told = new StringBuffer();
        try (StateBackend.Lock lock = pg.lock("apply", Duration.ZERO, told::append);
                Journal j = pg.openJournal(pg.read("m").state(), "a".repeat(64))) {
            j.record(secret("a", intent()), true);
            // when the lock's session ends and the heartbeat noticed
            assertEquals(1, terminate("kmsmig lock " + schema + ".%"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (lock.held() || !told.toString().contains("was lost")) {
                assertTrue(System.nanoTime() < deadline, "the heartbeat noticed within 60 s and told the user");
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
            // then an intent is refused, saying why, and the call it announces must not be made
            KmsmigException e = assertThrows(KmsmigException.class, () -> j.record(secret("b", intent()), true));
            assertEquals(ErrorCode.STATE_LOCKED, e.code());
            assertTrue(e.getMessage().contains("The state lock of migration 'm' was lost"), e.getMessage());
            assertNull(j.secret("b"));
            // while the completion of a call already made is still recorded
            j.record(secret("a", null).withStatus(SecretStatus.MIGRATED, "CreateSecret", null, T), false);
            assertNull(j.secret("a").inFlight());
        }
        State kept = pg.read("m").state();
        assertEquals(SecretStatus.MIGRATED, kept.secrets().get("a").status());
        assertFalse(kept.secrets().containsKey("b"));
    }

    private int terminate(String like) {
        try (Connection c = ds.getConnection();
                PreparedStatement q =
                        c.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 60000))"
                                + " FROM pg_stat_activity WHERE application_name LIKE ?")) {
            q.setString(1, like);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
