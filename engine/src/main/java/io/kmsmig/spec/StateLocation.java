package io.kmsmig.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a migration's state lives, as the spec's {@code state} says: a local file (a path, the default) or a
 * PostgreSQL database shared by every runner. Holds no password: that comes from the environment.
 */
public sealed interface StateLocation {
    /**
     * The local state file.
     *
     * @param path the file a write replaces (a symbolic link followed), absolute
     */
    record File(Path path) implements StateLocation {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A PostgreSQL database.
     *
     * @param url         the database as the spec gives it (a libpq URI or a JDBC URL), checked to hold no password
     * @param schema      the schema holding kmsmig's tables, a plain lower-case identifier
     * @param workspace   separates migrations of one name in the schema; "" for none
     * @param passwordEnv the environment variable holding the user's password
     */
    record Postgres(String url, String schema, String workspace, String passwordEnv) implements StateLocation {
        /** The schema when the spec names none. */
        public static final String DEFAULT_SCHEMA = "kmsmig";
        /** The password's variable when the spec names none (libpq's). */
        public static final String DEFAULT_PASSWORD_ENV = "PGPASSWORD";

        public Postgres {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(passwordEnv, "passwordEnv");
        }
    }
}
