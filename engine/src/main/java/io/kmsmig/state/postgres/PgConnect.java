package io.kmsmig.state.postgres;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Opens the state database once, before anything else uses it, so a failure to connect says which server, as which
 * user, and what to check (the server's reachability, the password's variable, TLS, the database's name) instead of
 * surfacing later as a failed schema migration. The password is read by the caller from the variable the spec names
 * and is never part of a message.
 */
public final class PgConnect {
    /**
     * One data source per database, user and password in this process (in memory only): a command may open its
     * backend twice (a check of its output paths, then the operation), and {@link PgSchema} migrates a schema once per
     * data source.
     */
    private static final Map<Key, DataSource> OPEN = new ConcurrentHashMap<>();

    private record Key(PgUrl url, String password) {}

    private PgConnect() {}

    /**
     * A data source for {@code url} signing in with {@code password} (null: none), checked by one connection the first
     * time.
     *
     * @param passwordEnv the variable the password came from, for messages
     */
    public static DataSource open(PgUrl url, String password, String passwordEnv) {
        Key key = new Key(url, password == null ? "" : password);
        DataSource known = OPEN.get(key);
        if (known != null) {
            return known;
        }
        DataSource ds = url.dataSource(password);
        try (Connection c = ds.getConnection()) {
            OPEN.putIfAbsent(key, ds);
            return OPEN.get(key);
        } catch (SQLException e) {
            throw failure(url, password != null && !password.isEmpty(), passwordEnv, e);
        }
    }

    /** A failed connection as a message people can act on; the driver's own words kept (they hold no password). */
    static KmsmigException failure(PgUrl url, boolean passwordSet, String passwordEnv, SQLException e) {
        String code = e.getSQLState() == null ? "" : e.getSQLState();
        String said = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = said.toLowerCase(Locale.ROOT);
        String next;
        if (!passwordSet && lower.contains("password")) {
            next = "The server asks for a password and " + passwordEnv + " is not set: set it to the password of "
                    + url.userShown() + " (export " + passwordEnv + "=...; in a pipeline, from its secret store), "
                    + "or name another variable with state.passwordEnv.";
        } else if (code.equals("28P01") || (code.startsWith("28") && lower.contains("password"))) {
            next = "The password in " + passwordEnv + " was refused for " + url.userShown()
                    + ": check the variable's value and the user's name in the URL.";
        } else if (code.startsWith("28")) {
            next = "The server refused " + url.userShown() + ": check that the role exists and may log in, and that "
                    + "the server's pg_hba.conf (or the RDS instance's whitelist) admits it from this host.";
        } else if (code.equals("3D000")) {
            next = "Database " + url.database() + " does not exist on " + url.host() + ": create it (CREATE DATABASE "
                    + url.database() + ") or fix the database name in state.url.";
        } else if (lower.contains("ssl") || lower.contains("certificate") || lower.contains("tls")) {
            next = "TLS failed: check sslmode in state.url (verify-full needs the server's CA, e.g. "
                    + "sslrootcert=/path/ca.pem, and the host name the certificate names).";
        } else {
            next = "Check that the server runs and this machine can reach " + url.host() + " on port " + url.port()
                    + " (host name, port, firewall, security group or the RDS instance's whitelist), then run the "
                    + "command again.";
        }
        return new KmsmigException(
                ErrorCode.STATE_INVALID,
                "Cannot connect to the PostgreSQL state database " + url.display() + " as " + url.userShown() + ": "
                        + said + (code.isEmpty() ? "" : " (SQL state " + code + ")") + ".\n" + next,
                e);
    }
}
