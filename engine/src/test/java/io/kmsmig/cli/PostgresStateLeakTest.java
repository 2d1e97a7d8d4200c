package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.apply.ApplyResult;
import io.kmsmig.apply.Outcome;
import io.kmsmig.operation.ApplyOperation;
import io.kmsmig.operation.OperationContext;
import io.kmsmig.operation.VerifyOperation;
import io.kmsmig.render.ConsoleApplyView;
import io.kmsmig.render.ConsoleVerifyView;
import io.kmsmig.render.OutputFormat;
import io.kmsmig.render.Style;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.state.postgres.PostgresStateBackend;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import io.kmsmig.verify.VerifyReport;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret value, nor a hash of one, reaches the PostgreSQL state: an apply and a verify of canary values run
 * through the operations with the PostgreSQL backend, then every row of every table in its schema is dumped and
 * scanned for the values and their SHA-256, SHA-1 and MD5 digests (hex and Base64).
 */
class PostgresStateLeakTest {
    @TempDir
    Path dir;

    @Test
    void applyAndVerifyOnPostgres_leaveNoValueNorHashOfOneInAnyTable() throws Exception {
        DataSource ds = EmbeddedPg.dataSource();
        String schema = EmbeddedPg.freshSchema();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(3, true, "{}"), "")) {
            Cli cli = cloud.cli().context();
            MigrationSpec s = new SpecLoader(dir).load(dir.resolve("spec.yaml"));
            SpecOption spec = new SpecOption();
            spec.file = Path.of("spec.yaml");
            PostgresStateBackend pg = new PostgresStateBackend(ds, schema, s.name(), "", Clock.systemUTC(), "test", 3);
            OperationContext ctx =
                    StateAccess.context(cli, s, spec, 4, Duration.ZERO).withBackend(pg);
            // when
            Optional<ApplyResult> applied = new ApplyOperation(
                            ctx,
                            new ConsoleApplyView(
                                    new PrintWriter(out, true),
                                    new PrintWriter(err, true),
                                    new BufferedReader(new StringReader("")),
                                    false,
                                    new Style(false),
                                    null,
                                    "spec.yaml"),
                            handler -> () -> {})
                    .run(new ApplyOperation.Request(null, null, true, null));
            VerifyReport verified = new VerifyOperation(
                            ctx,
                            new ConsoleVerifyView(
                                    new PrintWriter(out, true),
                                    new PrintWriter(err, true),
                                    OutputFormat.text,
                                    new Style(false)))
                    .run(false);
            // then the migration ran with its state in PostgreSQL
            assertTrue(applied.isPresent() && !applied.get().failed(), out + "\n" + err);
            assertEquals(3, applied.get().counts().get(Outcome.MIGRATED), out.toString());
            assertTrue(verified.passed(), out.toString());
            assertEquals(3, pg.read(s.name()).state().secrets().size());
        }
        String dump = dump(ds, schema);
        assertTrue(dump.contains("app0/secret-0"), "the dump holds the state (names), so the scan reads real rows");
        for (String needle : needles()) {
            assertFalse(dump.contains(needle), "a canary value or a digest of one is in the database: " + needle);
        }
    }

    /** Every row of every table of the schema, as JSON text. */
    static String dump(DataSource ds, String schema) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = '"
                    + schema + "' ORDER BY table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertTrue(
                    tables.containsAll(List.of("migration", "journal", "history", "lock_holder")), tables.toString());
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT row_to_json(t)::text FROM " + schema + "." + t + " t")) {
                    while (rs.next()) {
                        all.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    /** The canary values of {@code Worlds.generic} and their digests. */
    static List<String> needles() throws Exception {
        List<String> out = new ArrayList<>(List.of("CANARY"));
        for (int i = 0; i < 3; i++) {
            for (int v = 1; v <= 5; v++) {
                byte[] value = ("CANARY " + i + " " + v).getBytes(StandardCharsets.UTF_8);
                for (String alg : List.of("SHA-256", "SHA-1", "MD5")) {
                    byte[] d = MessageDigest.getInstance(alg).digest(value);
                    out.add(HexFormat.of().formatHex(d));
                    out.add(HexFormat.of().withUpperCase().formatHex(d));
                    out.add(Base64.getEncoder().encodeToString(d));
                }
            }
        }
        return out;
    }
}
