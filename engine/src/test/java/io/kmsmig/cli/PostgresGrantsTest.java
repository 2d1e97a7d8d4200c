package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL grants of the README's "State in PostgreSQL" section, run as written (role and schema names made unique,
 * passwords left out: the embedded server trusts local connections) on the embedded server: a user owning only its
 * schema, and a runtime user with row grants after a separate owner's first run. Each applies through the CLI; the
 * runtime user cannot create a table.
 */
class PostgresGrantsTest {
    @TempDir
    Path dir;

    /** The README section's SQL blocks, in order. */
    private static List<String> readmeSql() throws IOException {
        String readme = Files.readString(CliRun.REPO.resolve("README.md"));
        int at = readme.indexOf("## State in PostgreSQL");
        String section = readme.substring(at, readme.indexOf("\n## ", at + 5));
        List<String> blocks = new ArrayList<>();
        for (int i = section.indexOf("```sql\n"); i >= 0; i = section.indexOf("```sql\n", i + 1)) {
            int start = i + "```sql\n".length();
            blocks.add(section.substring(start, section.indexOf("```", start)));
        }
        assertEquals(3, blocks.size(), "the owner-only, the owner + runtime user and the reader blocks");
        return blocks;
    }

    /** The statements of {@code sql}, with this test's names, comments and passwords out. */
    private static List<String> statements(String sql, String schema, String owner, String app) {
        String named = sql.replaceAll("--[^\n]*", "")
                .replace(" PASSWORD '...'", "")
                .replace("kmsmig_owner", "OWNER_ROLE")
                .replace("kmsmig_reader", schema + "_reader")
                .replace("SCHEMA kmsmig", "SCHEMA " + schema)
                .replace("kmsmig.", schema + ".")
                .replaceAll("\\bkmsmig\\b", app)
                .replace("OWNER_ROLE", owner)
                .replace("DATABASE migrations", "DATABASE postgres");
        return Arrays.stream(named.split(";"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static void sql(List<String> statements) throws SQLException {
        try (Connection c = EmbeddedPg.dataSource().getConnection();
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private CliRun.Result runAs(String user, String schema, String... args) throws IOException {
        String url = PgSpecs.url().replace("postgres@", user + "@");
        Files.writeString(dir.resolve("world.yaml"), Worlds.generic(2, true, "{}"));
        Files.writeString(
                dir.resolve("spec.yaml"),
                Worlds.sandboxSpec("").replace("state: state.json\n", PgSpecs.stateBlock(url, schema, "")));
        return new CliRun(dir).run(args);
    }

    @Test
    void aUserOwningOnlyItsSchema_createsTheTablesAndApplies() throws Exception {
        String schema = EmbeddedPg.freshSchema();
        String user = schema + "_user";
        sql(statements(readmeSql().get(0), schema, "unused", user));
        CliRun.Result apply = runAs(user, schema, "apply", "-f", "spec.yaml", "--auto-approve");
        assertEquals(0, apply.exit(), apply.all());
        assertTrue(apply.out().contains("2 migrated"), apply.out());
    }

    @Test
    void aRuntimeUserWithRowGrantsOnly_appliesAfterTheOwnersFirstRun() throws Exception {
        String schema = EmbeddedPg.freshSchema();
        String owner = schema + "_owner";
        String app = schema + "_app";
        String block = readmeSql().get(1);
        int after = block.indexOf("-- after kmsmig_owner's first run:");
        assertTrue(after > 0, block);
        sql(statements(block.substring(0, after), schema, owner, app));
        // the owner's first run creates the tables (any command does)
        CliRun.Result first = runAs(owner, schema, "plan", "-f", "spec.yaml");
        assertEquals(0, first.exit(), first.all());
        sql(statements(block.substring(after), schema, owner, app));
        // when
        CliRun.Result apply = runAs(app, schema, "apply", "-f", "spec.yaml", "--auto-approve");
        CliRun.Result history = new CliRun(dir).run("state", "history", "-f", "spec.yaml");
        // then
        assertEquals(0, apply.exit(), apply.all());
        assertTrue(apply.out().contains("2 migrated"), apply.out());
        assertEquals(0, history.exit(), history.all());
        SQLException refused = assertThrows(SQLException.class, () -> {
            try (Connection c = EmbeddedPg.dataSource().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("SET ROLE " + app);
                st.execute("CREATE TABLE " + schema + ".intruder (x int)");
            }
        });
        assertEquals("42501", refused.getSQLState(), "the runtime user cannot create tables: " + refused);
        SQLException record = assertThrows(SQLException.class, () -> {
            try (Connection c = EmbeddedPg.dataSource().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("SET ROLE " + app);
                st.execute("DELETE FROM " + schema + ".kmsmig_schema_history");
            }
        });
        assertEquals("42501", record.getSQLState(), "nor rewrite Flyway's record: " + record);
    }

    @Test
    void aUserWhoMayNotCreateTheTables_isToldWhatToGrant_inTheServersWordsNotFlywaysReport() throws Exception {
        String schema = EmbeddedPg.freshSchema();
        String user = schema + "_bare";
        sql(List.of("CREATE ROLE " + user + " LOGIN", "CREATE SCHEMA " + schema));
        // when
        CliRun.Result foreign = runAs(user, schema, "plan", "-f", "spec.yaml");
        CliRun.Result missing = runAs(user, schema + "_none", "plan", "-f", "spec.yaml");
        // then
        assertEquals(1, foreign.exit(), foreign.all());
        assertTrue(
                foreign.err().contains("permission denied for schema " + schema + " (SQL state 42501)"), foreign.err());
        assertTrue(
                foreign.err().contains("(another role owns it): run one kmsmig command as the schema's owner"),
                foreign.err());
        assertEquals(1, missing.exit(), missing.all());
        assertTrue(
                missing.err()
                        .contains("Schema " + schema + "_none does not exist and the user may not create it: as an "
                                + "administrator, create it for the user (CREATE SCHEMA " + schema
                                + "_none AUTHORIZATION"),
                missing.err());
        for (CliRun.Result r : List.of(foreign, missing)) {
            assertFalse(
                    r.err().contains("Flyway"), "Flyway's report speaks of options a user does not have:\n" + r.err());
        }
    }

    @Test
    void aReaderWithSelectOnly_readsTheState_andItsPlanIsRefused() throws Exception {
        String schema = EmbeddedPg.freshSchema();
        String user = schema + "_user";
        sql(statements(readmeSql().get(0), schema, "unused", user));
        assertEquals(
                0,
                runAs(user, schema, "apply", "-f", "spec.yaml", "--auto-approve")
                        .exit());
        assertEquals(0, new CliRun(dir).run("verify", "-f", "spec.yaml").exit(), "a second fold: history");
        sql(statements(readmeSql().get(2), schema, "unused", user));
        String reader = schema + "_reader";
        // when
        CliRun.Result list = runAs(reader, schema, "state", "list", "-f", "spec.yaml", "--migrations");
        CliRun cli = new CliRun(dir);
        CliRun.Result show = cli.run("state", "show", "-f", "spec.yaml");
        CliRun.Result history = cli.run("state", "history", "-f", "spec.yaml");
        CliRun.Result pull = cli.run("state", "pull", "-f", "spec.yaml");
        CliRun.Result plan = cli.run("plan", "-f", "spec.yaml");
        // then
        for (CliRun.Result r : List.of(list, show, history, pull)) {
            assertEquals(0, r.exit(), r.all());
        }
        assertTrue(list.out().contains("generated"), list.out());
        assertTrue(pull.out().contains("\"lineage\""), pull.out());
        assertTrue(history.out().contains("(current)"), history.out());
        assertEquals(1, plan.exit(), plan.all());
        assertTrue(plan.err().contains("permission denied"), plan.err());
    }
}
