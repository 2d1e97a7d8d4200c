package io.kmsmig.spec;

import io.kmsmig.state.postgres.PgUrl;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the spec's {@code state} mapping: which backend, and the fields that belong to it. A plain path (and
 * {@code backend: file}) is the state file, resolved by {@link SpecLoader}; {@code backend: postgres} is read here,
 * with the rules the schema cannot say: the URL parses, and holds no password.
 */
final class StateReader {
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern WORKSPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Pattern ENV = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final List<String> POSTGRES_ONLY = List.of("url", "schema", "workspace", "passwordEnv");

    private StateReader() {}

    /** Whether {@code state} asks for PostgreSQL. */
    static boolean postgres(JsonNode state) {
        return state.isObject() && "postgres".equals(state.path("backend").asString(""));
    }

    /**
     * The path a {@code backend: file} mapping gives, or null (a plain path and the default are read by the loader),
     * reporting fields that belong to PostgreSQL.
     */
    static String filePath(JsonNode state, BiConsumer<String, String> error) {
        for (String f : POSTGRES_ONLY) {
            if (state.has(f)) {
                error.accept(
                        "/state/" + f,
                        "belongs to backend: postgres; the file backend takes only path. Remove it, or set "
                                + "backend: postgres");
            }
        }
        if (!state.path("path").isString()) {
            error.accept(
                    "/state/path",
                    "missing: backend: file needs the state file's path, e.g. path: state/NAME.state.json");
            return null;
        }
        return state.get("path").asString();
    }

    /** The PostgreSQL location {@code state} gives, reporting every problem through {@code error}. */
    static StateLocation.Postgres postgres(JsonNode state, BiConsumer<String, String> error) {
        if (state.has("path")) {
            error.accept(
                    "/state/path",
                    "belongs to backend: file; PostgreSQL takes url (and schema, workspace, passwordEnv). Remove it");
        }
        String url = state.path("url").asString("");
        if (!state.path("url").isString() || url.isEmpty()) {
            error.accept(
                    "/state/url",
                    "missing: backend: postgres needs the database's URL, e.g. "
                            + "url: \"postgresql://kmsmig@db.internal:5432/kmsmig?sslmode=verify-full\"");
        } else {
            try {
                PgUrl.parse(url);
            } catch (IllegalArgumentException e) {
                error.accept("/state/url", "the URL " + e.getMessage());
            }
        }
        String schema = text(state, "schema", StateLocation.Postgres.DEFAULT_SCHEMA);
        if (!SCHEMA.matcher(schema).matches()) {
            error.accept(
                    "/state/schema",
                    "'" + schema + "' is not a plain schema name: use lower-case letters, digits and _ "
                            + "(at most 63, not starting with a digit), e.g. schema: kmsmig");
        }
        String workspace = text(state, "workspace", "");
        if (state.has("workspace") && !WORKSPACE.matcher(workspace).matches()) {
            error.accept(
                    "/state/workspace",
                    "'" + workspace + "' is not a workspace name: use letters, digits, _ . - (at most 63, starting "
                            + "with a letter or digit), e.g. workspace: prod");
        }
        String passwordEnv = text(state, "passwordEnv", StateLocation.Postgres.DEFAULT_PASSWORD_ENV);
        if (!ENV.matcher(passwordEnv).matches()) {
            error.accept(
                    "/state/passwordEnv",
                    "is not an environment variable name (upper-case letters, digits, underscores). If you wrote "
                            + "the password itself here, remove it from the spec and its history, change it, and name "
                            + "the variable that holds it instead");
        }
        return new StateLocation.Postgres(url, schema, workspace, passwordEnv);
    }

    private static String text(JsonNode n, String field, String dflt) {
        return n.path(field).isString() ? n.get(field).asString() : dflt;
    }
}
