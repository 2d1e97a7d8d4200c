package io.kmsmig.state.postgres;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.sql.SQLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Table names in the configured schema, JSON text, and SQL errors as messages people can act on. */
final class PgSql {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final String schema;

    PgSql(String schema) {
        this.schema = schema;
    }

    /** The schema's name. */
    String schema() {
        return schema;
    }

    /**
     * A table of the schema, qualified. The schema name was checked to be a plain lower-case identifier, so quoting
     * changes nothing but lets it be a reserved word ({@code order}, {@code user}), as Flyway (which quotes it) takes.
     */
    String t(String table) {
        return "\"" + schema + "\"." + table;
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    static String text(JsonNode n) {
        return JSON.writeValueAsString(n);
    }

    /**
     * A failed database step. The driver's message names the server's error (never a value: the rows hold none), and
     * the SQL state tells a lost connection from a refused statement.
     */
    static KmsmigException failed(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")";
        // 08: connection exceptions; 57P01-57P03: the server ended the session (terminated, shut down, restarting)
        String code = e.getSQLState() == null ? "" : e.getSQLState();
        boolean lost = code.startsWith("08") || code.startsWith("57P0");
        return new KmsmigException(
                ErrorCode.STATE_INVALID,
                "Cannot " + what + ": " + e.getMessage() + state + ". "
                        + (lost
                                ? "The connection to PostgreSQL was lost; run the command again once the server is reachable "
                                        + "(what was committed is kept)."
                                : "Check the database and the user's grants, then run the command " + "again."),
                e);
    }
}
