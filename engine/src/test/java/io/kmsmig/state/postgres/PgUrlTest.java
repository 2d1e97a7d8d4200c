package io.kmsmig.state.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.KmsmigException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** The spec's PostgreSQL URL: libpq and JDBC forms, no password, messages that say what to check. */
class PgUrlTest {
    @Test
    void libpqUri_givesHostPortDatabaseUserAndParameters() {
        PgUrl u = PgUrl.parse("postgresql://kmsmig@db.internal:6432/migrations?sslmode=verify-full&connect_timeout=7");
        assertEquals(
                new PgUrl(
                        "db.internal",
                        6432,
                        "migrations",
                        "kmsmig",
                        Map.of("sslmode", "verify-full", "connectTimeout", "7")),
                u);
        assertEquals("postgresql://db.internal:6432/migrations", u.display());
    }

    @Test
    void jdbcUrl_takesItsUserParameter_andThePortDefaultsTo5432() {
        PgUrl u = PgUrl.parse("jdbc:postgresql://db/migrations?user=kmsmig&sslmode=require");
        assertEquals(new PgUrl("db", 5432, "migrations", "kmsmig", Map.of("sslmode", "require")), u);
    }

    @Test
    void passwordInUserInfo_isRefusedWithoutRepeatingIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PgUrl.parse("postgres://k:s3cr3t-CANARY@db/k"));
        assertTrue(e.getMessage().contains("set PGPASSWORD or the variable passwordEnv names"), e.getMessage());
        assertFalse(e.getMessage().contains("CANARY"), e.getMessage());
    }

    @Test
    void missingPassword_thatTheServerAsksFor_namesTheVariableToSet() {
        PSQLException asked = new PSQLException(
                "The server requested password-based authentication, but no password was provided by plugin null",
                PSQLState.CONNECTION_REJECTED);
        KmsmigException e = PgConnect.failure(PgUrl.parse("postgresql://kmsmig@db:5432/k"), false, "KMSMIG_PG", asked);
        assertTrue(
                e.getMessage()
                        .contains("The server asks for a password and KMSMIG_PG is not set: set it to the "
                                + "password of kmsmig"),
                e.getMessage());
        assertTrue(e.getMessage().startsWith("Cannot connect to the PostgreSQL state database postgresql://db:5432/k"));
    }

    @Test
    void refusedPassword_saysToCheckTheVariable() {
        PSQLException refused = new PSQLException(
                "FATAL: password authentication failed for user \"kmsmig\"", PSQLState.INVALID_PASSWORD);
        KmsmigException e = PgConnect.failure(PgUrl.parse("postgresql://kmsmig@db/k"), true, "PGPASSWORD", refused);
        assertTrue(e.getMessage().contains("The password in PGPASSWORD was refused for kmsmig"), e.getMessage());
    }
}
