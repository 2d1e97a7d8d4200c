package io.kmsmig.state.postgres;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The backend's tables, created and migrated by Flyway from the versioned SQL under {@code db/kmsmig} on first use
 * in a process (Flyway's own history table records which versions ran, so a second process finds them done).
 */
final class PgSchema {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** The schemas migrated in this process, by data source (by identity: a data source need not define equals). */
    private static final IdentityHashMap<DataSource, Set<String>> MIGRATED = new IdentityHashMap<>();

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

    /** Brings the schema to the newest version, once per data source and schema in this process. */
    static void migrate(DataSource ds, String schema) {
        synchronized (MIGRATED) {
            Set<String> done = MIGRATED.computeIfAbsent(ds, k -> new HashSet<>());
            if (done.contains(schema)) {
                return;
            }
            try {
                Flyway.configure()
                        .dataSource(ds)
                        .schemas(schema)
                        .createSchemas(true)
                        .locations("classpath:db/kmsmig")
                        .table("kmsmig_schema_history")
                        .load()
                        .migrate();
            } catch (FlywayException e) {
                throw new KmsmigException(
                        ErrorCode.STATE_INVALID,
                        "Cannot create or migrate the kmsmig tables in "
                                + "schema " + schema + ": " + e.getMessage()
                                + ". Check that the user may create tables in "
                                + "it (see the README's PostgreSQL grants).",
                        e);
            }
            done.add(schema);
        }
    }
}
