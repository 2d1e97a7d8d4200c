package io.kmsmig.state.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A command skips Flyway when the schema's history already records the newest version: that version is the newest
 * file under db/kmsmig (a new V2 without a new {@link PgSchema#NEWEST} would be skipped, so this fails first), and a
 * schema counts as current only once that version was applied.
 */
class PgSchemaTest {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    private final DataSource ds = EmbeddedPg.dataSource();

    @Test
    void newest_isTheHighestVersionOfTheMigrationFiles() throws IOException {
        Path dir = CliRun.REPO.resolve("engine/src/main/resources/db/kmsmig");
        try (Stream<Path> files = Files.list(dir)) {
            int highest = files.map(f -> VERSIONED.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            assertEquals(String.valueOf(highest), PgSchema.NEWEST);
        }
    }

    @Test
    void aSchemaIsCurrent_onlyOnceTheNewestVersionWasApplied() throws SQLException {
        String fresh = EmbeddedPg.freshSchema();
        assertFalse(PgSchema.current(ds, fresh), "no schema yet");
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + fresh);
            st.execute("CREATE TABLE " + fresh + ".kmsmig_schema_history (version text, success boolean)");
            st.execute("INSERT INTO " + fresh + ".kmsmig_schema_history VALUES ('" + PgSchema.NEWEST + "', false)");
        }
        assertFalse(PgSchema.current(ds, fresh), "the newest version failed");
        String migrated = EmbeddedPg.freshSchema();
        PgSchema.migrate(ds, migrated);
        assertTrue(PgSchema.current(ds, migrated), "Flyway applied the newest version");
    }

    @Test
    void aSchemaNamedByAReservedWord_isFoundCurrent() {
        PgSchema.migrate(ds, "user");
        assertTrue(PgSchema.current(ds, "user"), "the schema is quoted in the question too");
    }
}
