package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec whose {@code state} names PostgreSQL runs plan and apply through the CLI against the emulator with its
 * state in the database: no state file, the stderr line names the database, and the password is never printed.
 */
class PostgresStateCliTest {
    private static final String CANARY_PASSWORD = "CANARY-PG-PASSWORD-7f3a";

    @TempDir
    Path dir;

    @Test
    void planAndApply_keepTheStateInPostgres_sayWhere_andNeverPrintThePassword() throws Exception {
        String schema = EmbeddedPg.freshSchema();
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(3, true, "{}"), "")) {
            PgSpecs.useState(dir, PgSpecs.stateBlock(PgSpecs.url(), schema, "prod"));
            CliRun cli = cloud.cli().env("PGPASSWORD", CANARY_PASSWORD);
            // when
            CliRun.Result plan = cli.run("plan", "-f", "spec.yaml");
            CliRun.Result apply = cli.run("apply", "-f", "spec.yaml", "--auto-approve");
            // --debug too: stack traces and details must not hold the password either
            CliRun.Result again = cli.run("--debug", "plan", "-f", "spec.yaml", "--detailed-exitcode");
            // then
            assertEquals(0, plan.exit(), plan.all());
            assertEquals(0, apply.exit(), apply.all());
            assertEquals(0, again.exit(), "the second plan finds nothing to do: the state was kept\n" + again.all());
            String where = "State: postgresql://localhost:" + PgSpecs.port() + "/postgres schema " + schema
                    + ", migration generated, workspace prod";
            assertTrue(plan.err().contains(where), plan.err());
            assertTrue(apply.err().contains(where), apply.err());
            assertFalse(Files.exists(dir.resolve("state.json")), "no state file");
            assertFalse(Files.exists(dir.resolve("state")), "no state directory");
            try (Connection c = EmbeddedPg.dataSource().getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT spec_name, workspace, serial > 0, snapshot LIKE"
                            + " '%app0/secret-0%' FROM " + schema + ".migration")) {
                assertTrue(rs.next(), "the migration's row");
                assertEquals("generated", rs.getString(1));
                assertEquals("prod", rs.getString(2));
                assertTrue(rs.getBoolean(3) && rs.getBoolean(4), "the folded state is in the row");
                assertFalse(rs.next());
            }
            for (CliRun.Result r : new CliRun.Result[] {plan, apply, again}) {
                assertFalse(r.all().contains(CANARY_PASSWORD), "the password was printed:\n" + r.all());
            }
        }
    }

    @Test
    void unreachableServer_namesHostAndWhatToCheck_withoutStackTrace() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(1, true, "{}"), "")) {
            PgSpecs.useState(
                    dir,
                    PgSpecs.stateBlock(
                            "postgresql://kmsmig@127.0.0.1:" + closed + "/kmsmig?connect_timeout=5", "kmsmig", ""));
            CliRun.Result r = cloud.cli().env("PGPASSWORD", CANARY_PASSWORD).run("plan", "-f", "spec.yaml");
            assertEquals(1, r.exit(), r.all());
            assertTrue(
                    r.err()
                            .contains("Cannot connect to the PostgreSQL state database postgresql://127.0.0.1:" + closed
                                    + "/kmsmig as kmsmig"),
                    r.err());
            assertTrue(r.err().contains("Check that the server runs and this machine can reach 127.0.0.1"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace without --debug:\n" + r.err());
            assertFalse(r.all().contains(CANARY_PASSWORD));
        }
    }

    @Test
    void aServerAskingForAPassword_namesTheVariableToSet_andGetsTheOneItHolds() throws Exception {
        try (PasswordServer server = new PasswordServer();
                EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(1, true, "{}"), "")) {
            PgSpecs.useState(
                    dir,
                    "state:\n  backend: postgres\n  url: \"postgresql://kmsmig@127.0.0.1:" + server.port()
                            + "/kmsmig?sslmode=disable\"\n  passwordEnv: KMSMIG_PG_PASSWORD\n");
            // when no password is set, then when one is
            CliRun.Result none = cloud.cli().env("PGPASSWORD", "not-this-one").run("plan", "-f", "spec.yaml");
            CliRun.Result wrong =
                    cloud.cli().env("KMSMIG_PG_PASSWORD", CANARY_PASSWORD).run("--debug", "plan", "-f", "spec.yaml");
            // then
            assertEquals(1, none.exit(), none.all());
            assertTrue(
                    none.err()
                            .contains("The server asks for a password and KMSMIG_PG_PASSWORD is not set: set it to "
                                    + "the password of kmsmig"),
                    none.err());
            assertEquals(1, wrong.exit(), wrong.all());
            assertTrue(wrong.err().contains("The password in KMSMIG_PG_PASSWORD was refused for kmsmig"), wrong.err());
            assertEquals(List.of(CANARY_PASSWORD), server.received, "the password is the named variable's");
            assertFalse((none.all() + wrong.all()).contains(CANARY_PASSWORD), "and never printed, --debug too");
            assertFalse(none.err().contains("\tat "), "no stack trace without --debug");
            assertTrue(wrong.err().contains("\tat "), "--debug adds the stack trace");
        }
    }
}
