package io.kmsmig.bench;

import io.kmsmig.state.FileStateBackend;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.postgres.PostgresStateBackend;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where a benchmark apply keeps its state: the local file (the default), or a PostgreSQL database the user names
 * with {@code --state-url} (a libpq URI {@code postgresql://USER@HOST:PORT/DB?PARAMS}, or {@code jdbc:postgresql://};
 * the password from {@code PGPASSWORD}, never the URL). Each run takes a workspace of its own in the schema, emptied
 * first, so runs neither see nor disturb each other's rows.
 *
 * <p>The URL handling here is the smallest the harness needs; the product's (the spec's {@code state.url}) lives in
 * {@code state.postgres}.
 */
public final class BenchState {
    /** The label of the state backend in the table's phase column, or "" for the file (the default). */
    private final String label;

    private final DataSource ds;
    private final String schema;

    private BenchState(String label, DataSource ds, String schema) {
        this.label = label;
        this.ds = ds;
        this.schema = schema;
    }

    /** The local file, as a spec with {@code state: state.json} has it. */
    public static BenchState file() {
        return new BenchState("", null, null);
    }

    /**
     * The PostgreSQL database at {@code url}, signing in with {@code password} (null: none).
     *
     * @throws IllegalArgumentException when the URL is not a PostgreSQL URL, or holds a password
     */
    public static BenchState postgres(String url, String password, String schema) {
        return new BenchState(" (PostgreSQL state)", dataSource(url, password), schema);
    }

    /** What the phase column appends: "" for the file. */
    public String label() {
        return label;
    }

    /**
     * The backend of migration {@code specName}: a file at {@code statePath}, or the run's own workspace
     * {@code workspace} in the database, emptied first.
     */
    public StateBackend backend(Path statePath, String specName, String workspace, Clock clock, String version) {
        if (ds == null) {
            return new FileStateBackend(statePath, specName, clock, "SPEC", version);
        }
        PostgresStateBackend pg = new PostgresStateBackend(ds, schema, specName, workspace, clock, version, 1);
        pg.reset();
        return pg;
    }

    static DataSource dataSource(String url, String password) {
        String rest;
        if (url.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
        } else if (url.startsWith("jdbc:postgresql://")) {
            rest = url.substring("jdbc:postgresql://".length());
        } else {
            throw new IllegalArgumentException("--state-url must start with postgresql:// (a libpq URI, e.g. "
                    + "postgresql://kmsmig@localhost:5432/kmsmig) or jdbc:postgresql://");
        }
        URI uri;
        try {
            uri = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--state-url is not a valid URI: " + e.getReason());
        }
        String user = uri.getUserInfo();
        if ((user != null && user.contains(":")) || rest.contains("password=")) {
            throw new IllegalArgumentException("--state-url holds a password; remove it and set PGPASSWORD instead");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("--state-url names no host, e.g. postgresql://kmsmig@localhost/kmsmig");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL("jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort())
                + (uri.getRawPath() == null ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        if (user != null && !user.isEmpty()) {
            ds.setUser(user);
        }
        if (password != null && !password.isEmpty()) {
            ds.setPassword(password);
        }
        ds.setApplicationName("kmsmig bench");
        return ds;
    }
}
