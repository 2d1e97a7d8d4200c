package io.kmsmig.state.postgres;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The backend's tables, created and migrated by Flyway from the versioned SQL under {@code db/kmsmig} on first use
 * in a process (Flyway's own history table records which versions ran, so a second process finds them done). A
 * schema whose history already shows {@link #NEWEST} applied is left alone without loading Flyway at all: that is
 * every command but the first on a schema, and Flyway's start-up (its plugins, a scan of the class path for
 * migrations) cost a short command about 0.4 s of CPU, more than the rest of its state handling.
 */
final class PgSchema {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** The schemas migrated in this process, by data source (by identity: a data source need not define equals). */
    private static final IdentityHashMap<DataSource, Set<String>> MIGRATED = new IdentityHashMap<>();

    /** The newest version under {@code db/kmsmig} ({@code PgSchemaTest} checks it against the files there). */
    static final String NEWEST = "1";

    private static final String HISTORY = "kmsmig_schema_history";

    private PgSchema() {}

    /** The schema name, checked: it is spliced into SQL, so only a plain lower-case identifier is taken. */
    static String checked(String schema) {
        if (schema == null || !NAME.matcher(schema).matches()) {
            throw new KmsmigException(
                    ErrorCode.STATE_INVALID,
                    "The PostgreSQL state schema name '" + schema
                            + "' is not a plain identifier: use lower-case letters, digits and _ (for example kmsmig).");
        }
        return schema;
    }

    /**
     * A failed migration as a message people can act on: the server's own words (Flyway's report around them speaks of
     * Flyway's options, which a kmsmig user does not have) and what to grant.
     */
    static KmsmigException failure(String schema, Exception e) {
        SQLException sql = null;
        for (Throwable t = e; t != null && sql == null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        String said = sql == null
                ? e.getMessage().lines().findFirst().orElse(e.getClass().getSimpleName())
                : String.valueOf(sql.getMessage()).lines().findFirst().orElse("") + " (SQL state " + sql.getSQLState()
                        + ")";
        String lower = said.toLowerCase(Locale.ROOT);
        String next;
        if (sql != null && "42501".equals(sql.getSQLState()) && lower.contains("for database")) {
            next = "Schema " + schema + " does not exist and the user may not create it: as an administrator, create "
                    + "it for the user (CREATE SCHEMA " + schema + " AUTHORIZATION the URL's user), see the README's "
                    + "\"A least-privilege database user\".";
        } else if (sql != null && "42501".equals(sql.getSQLState())) {
            next = "The user may not create kmsmig's tables in schema " + schema + " (another role owns it): run one "
                    + "kmsmig command as the schema's owner first (it creates the tables), then grant this user the "
                    + "runtime grants of the README's \"A least-privilege database user\"; or use a schema the user "
                    + "owns.";
        } else {
            next = "Check the database and the user's grants (the README's \"A least-privilege database user\"), "
                    + "then run the command again.";
        }
        return new KmsmigException(
                ErrorCode.STATE_INVALID,
                "Cannot create or migrate the kmsmig tables in schema " + schema + ": " + said + ".\n" + next,
                e);
    }

    /** Brings the schema to the newest version, once per data source and schema in this process. */
    static void migrate(DataSource ds, String schema) {
        synchronized (MIGRATED) {
            Set<String> done = MIGRATED.computeIfAbsent(ds, k -> new HashSet<>());
            if (done.contains(schema)) {
                return;
            }
            if (current(ds, schema)) {
                done.add(schema);
                return;
            }
            refusedCreation(ds, schema);
            try {
                Flyway.configure()
                        .dataSource(ds)
                        .schemas(schema)
                        .createSchemas(true)
                        .locations("classpath:db/kmsmig")
                        .table(HISTORY)
                        .load()
                        .migrate();
            } catch (FlywayException e) {
                throw failure(schema, e);
            }
            done.add(schema);
        }
    }

    /**
     * Throws, at once, when the user may not create what Flyway would create: the schema (when it is missing) or a
     * table in it. Flyway retries a failed creation of its history table for about ten seconds before it reports; a
     * user without the grants would wait that long for the answer. Tried in a transaction that is rolled back, so the
     * refusal is the server's own words; anything but a refusal is left to Flyway.
     */
    private static void refusedCreation(DataSource ds, String schema) {
        String quoted = "\"" + schema + "\"";
        try (Connection c = ds.getConnection()) {
            boolean exists;
            try (PreparedStatement q = c.prepareStatement("SELECT to_regnamespace(?) IS NOT NULL")) {
                q.setString(1, quoted);
                try (ResultSet rs = q.executeQuery()) {
                    exists = rs.next() && rs.getBoolean(1);
                }
            }
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(
                        exists ? "CREATE TABLE " + quoted + ".kmsmig_create_probe (x int)" : "CREATE SCHEMA " + quoted);
            } catch (SQLException e) {
                if ("42501".equals(e.getSQLState())) {
                    throw failure(schema, e);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            // the connection itself failed: Flyway meets the same and reports it
        }
    }

    /**
     * True when Flyway's history in {@code schema} records {@link #NEWEST} as applied successfully: there is nothing to
     * migrate. False when the schema, its history or that version is missing, or the question fails (Flyway then runs
     * and reports whatever is wrong). The schema is quoted as in {@link PgSql} (it may be a reserved word).
     */
    static boolean current(DataSource ds, String schema) {
        String history = "\"" + schema + "\"." + HISTORY;
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement q = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                q.setString(1, history);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return false;
                    }
                }
            }
            try (PreparedStatement q =
                    c.prepareStatement("SELECT count(*) FROM " + history + " WHERE version = ? AND success")) {
                q.setString(1, NEWEST);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() && rs.getInt(1) > 0;
                }
            }
        } catch (SQLException e) {
            return false;
        }
    }
}
