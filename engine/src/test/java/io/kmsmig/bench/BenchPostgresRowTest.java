package io.kmsmig.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.Main;
import io.kmsmig.state.postgres.EmbeddedPg;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code kmsmig bench --state-url} at a tiny size: the apply keeps its state in the PostgreSQL named by the URL, and
 * the table has its row. The figures themselves are measured, never asserted (README, Performance).
 */
class BenchPostgresRowTest {
    private static final PGSimpleDataSource DS = (PGSimpleDataSource) EmbeddedPg.dataSource();

    @Test
    void stateUrl_appliesWithItsStateInPostgres_andPrintsThePostgresRow(@TempDir Path dir)
            throws SQLException, IOException {
        String url =
                "postgresql://" + DS.getUser() + "@localhost:" + DS.getPortNumbers()[0] + "/" + DS.getDatabaseName();
        String schema = EmbeddedPg.freshSchema();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "bench",
                "--sizes",
                "3",
                "--serial-up-to",
                "0",
                "--latency-bound",
                "0",
                "--sandbox-size",
                "0",
                "--latency-ms",
                "0",
                "--state-url",
                url,
                "--state-schema",
                schema,
                "--dir",
                dir.toString());
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("| 3 | apply (PostgreSQL state) | 16 |"), out.toString());
        // the state went to the database, folded (a serial, every secret), and no state file was written
        try (Connection c = DS.getConnection();
                Statement q = c.createStatement();
                ResultSet rs = q.executeQuery("SELECT serial, snapshot FROM " + schema
                        + ".migration WHERE spec_name = 'bench' AND workspace = 'n3-p16'")) {
            assertTrue(rs.next(), "the run's workspace has a migration row");
            assertTrue(rs.getLong(1) > 0, "a folded snapshot");
            assertTrue(rs.getString(2).contains("secret-0"), "the applied secret is in the snapshot");
        }
        try (var files = Files.walk(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("state.json")), "no state file");
        }
    }

    @Test
    void stateUrl_withAPassword_isRefused_beforeAnythingRuns() {
        StringWriter err = new StringWriter();
        int code = Main.run(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "bench",
                "--sizes",
                "3",
                "--state-url",
                "postgresql://kmsmig:hunter2@localhost/kmsmig");
        assertEquals(64, code);
        assertTrue(err.toString().contains("holds a password"), err.toString());
        assertFalse(err.toString().contains("hunter2"), "the password is not repeated");
    }
}
