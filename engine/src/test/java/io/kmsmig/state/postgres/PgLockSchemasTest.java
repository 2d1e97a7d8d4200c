package io.kmsmig.state.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.state.StateBackend;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Advisory locks are per database while migration ids are per schema: two schemas in one database each have a
 * migration with id 1, and their locks must not meet (two teams' schemas, or two test runs, would block each other).
 * Within one schema the lock still excludes, and names its live holder.
 */
class PgLockSchemasTest {
    private final DataSource ds = EmbeddedPg.dataSource();

    private PostgresStateBackend backend(String schema) {
        return new PostgresStateBackend(ds, schema, "payments", "", Clock.systemUTC(), "test", 3);
    }

    @Test
    void theSameMigrationInTwoSchemas_locksIndependently_andOneSchemaStillExcludes() {
        PostgresStateBackend a = backend(EmbeddedPg.freshSchema());
        PostgresStateBackend b = backend(EmbeddedPg.freshSchema());
        try (StateBackend.Lock la = a.lock("apply", Duration.ZERO, line -> {});
                StateBackend.Lock lb = b.lock("apply", Duration.ZERO, line -> {})) {
            assertTrue(la.held() && lb.held());
            KmsmigException e = assertThrows(KmsmigException.class, () -> a.lock("plan", Duration.ZERO, line -> {}));
            assertEquals(ErrorCode.STATE_LOCKED, e.code());
            assertTrue(
                    e.getMessage()
                            .contains("is locked by apply by pid "
                                    + ProcessHandle.current().pid()),
                    e.getMessage());
            assertTrue(e.getMessage().contains("lock id " + la.id()), e.getMessage());
        }
    }
}
