package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.state.postgres.PostgresStateBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the PostgreSQL ITs share: the test JVM's embedded server ({@link EmbeddedPg}) reached by URL from child kmsmig
 * processes, and a spec's {@code state:} block naming it (each test its own schema).
 */
final class PgIt {
    private PgIt() {}

    static DataSource ds() {
        return EmbeddedPg.dataSource();
    }

    /** A new schema with kmsmig's tables made (by Flyway, in the test JVM): a child finds it current. */
    static String migratedSchema() {
        String schema = EmbeddedPg.freshSchema();
        new PostgresStateBackend(ds(), schema, "generated", "", Clock.systemUTC(), "test", 3);
        return schema;
    }

    /** The embedded server's {@code postgres} database as a libpq URI, as user postgres (trust authentication). */
    static String url() {
        return "postgresql://postgres@localhost:" + ((PGSimpleDataSource) ds()).getPortNumbers()[0] + "/postgres";
    }

    /** A {@code state:} block for {@code schema}. */
    static String stateBlock(String schema) {
        return "state:\n  backend: postgres\n  url: \"" + url() + "\"\n  schema: " + schema + "\n";
    }

    /** Rewrites {@code dir}/spec.yaml with {@code state} as its state block and {@code name} as its name. */
    static void useState(Path dir, String name, String state) {
        Path spec = dir.resolve("spec.yaml");
        try {
            String text = Files.readString(spec);
            assertTrue(text.contains("\nstate: state.json\n") && text.contains("\nname: generated\n"), text);
            Files.writeString(
                    spec,
                    text.replace("\nstate: state.json\n", "\n" + state)
                            .replace("\nname: generated\n", "\nname: " + name + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The single number {@code sql} answers. */
    static int count(String sql) {
        try (Connection c = ds().getConnection();
                PreparedStatement q = c.prepareStatement(sql);
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for {@code condition}, polling, up to a generous deadline (never a fixed sleep as the proof). */
    static void await(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "waited 120 s for: " + what.get());
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
