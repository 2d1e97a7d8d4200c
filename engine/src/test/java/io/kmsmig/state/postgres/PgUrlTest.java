package io.kmsmig.state.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.KmsmigException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sslfactory=org.postgresql.ssl.NonValidatingFactory",
                "socketFactory=javax.net.ssl.SSLSocketFactory&socketFactoryArg=x",
                "sslhostnameverifier=org.postgresql.ssl.PGjdbcHostnameVerifier",
                "sslpasswordcallback=org.postgresql.ssl.jdbc4.LibPQFactory$ConsoleCallbackHandler",
                "authenticationPluginClassName=com.example.Plugin",
                "xmlFactoryFactory=com.example.Xml",
                "loggerFile=/tmp/pg.log",
                "loggerLevel=TRACE",
                "PGHOST=evil.example",
                "PGPORT=1",
                "PGDBNAME=other",
                "service=prod",
                "jaasLogin=true",
                "currentSchema=public"
            })
    void parametersThatLoadClassesWeakenTlsOrRedirect_areRefused(String param) {
        String key = param.substring(0, param.indexOf('='));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> PgUrl.parse("postgresql://kmsmig@db/k?sslmode=verify-full&" + param));
        assertTrue(
                e.getMessage().contains("has the connection parameter '" + key + "', which kmsmig does not take"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Allowed: "), e.getMessage());
    }

    @Test
    void tlsTimeoutsAndOptions_areStillTaken() {
        PgUrl u = PgUrl.parse("postgresql://kmsmig@db/k?sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/c.pem"
                + "&sslkey=/k.pk8&connect_timeout=5&socketTimeout=60&tcpKeepAlive=true&options=-c%20statement_timeout%3D5s"
                + "&application_name=ci&targetServerType=primary");
        assertEquals("-c statement_timeout=5s", u.params().get("options"));
        assertEquals(10, u.params().size());
    }

    @Test
    void passwordHiddenAsAnEncodedColonInTheUser_isRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PgUrl.parse("postgresql://k%3As3cr3t-CANARY@db/k"));
        assertTrue(e.getMessage().contains("holds a password (USER:PASSWORD@)"), e.getMessage());
        assertFalse(e.getMessage().contains("CANARY"), e.getMessage());
    }
}
