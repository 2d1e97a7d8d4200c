package io.kmsmig.cli;

import io.kmsmig.state.postgres.EmbeddedPg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;

/** Specs whose state is in the shared embedded PostgreSQL, reached by URL as a user's spec reaches a server. */
final class PgSpecs {
    private PgSpecs() {}

    /** The embedded server's {@code postgres} database as a libpq URI, as user postgres (trust authentication). */
    static String url() {
        PGSimpleDataSource ds = (PGSimpleDataSource) EmbeddedPg.dataSource();
        return "postgresql://postgres@localhost:" + ds.getPortNumbers()[0] + "/postgres";
    }

    /** The server's port. */
    static int port() {
        return ((PGSimpleDataSource) EmbeddedPg.dataSource()).getPortNumbers()[0];
    }

    /** A {@code state:} block for {@code schema} (and {@code workspace} when not empty). */
    static String stateBlock(String url, String schema, String workspace) {
        return "state:\n  backend: postgres\n  url: \"" + url + "\"\n  schema: " + schema + "\n"
                + (workspace.isEmpty() ? "" : "  workspace: " + workspace + "\n");
    }

    /** Replaces the file state of {@code dir}/spec.yaml ({@code state: state.json}) with {@code block}. */
    static void useState(Path dir, String block) {
        Path spec = dir.resolve("spec.yaml");
        try {
            String text = Files.readString(spec);
            if (!text.contains("state: state.json\n")) {
                throw new IllegalStateException("spec has no state line: " + text);
            }
            Files.writeString(spec, text.replace("state: state.json\n", block));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
