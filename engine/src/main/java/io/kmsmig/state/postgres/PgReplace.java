package io.kmsmig.state.postgres;

import io.kmsmig.state.State;
import io.kmsmig.state.StateCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * {@code state push}: a state taken from elsewhere (a state file) becomes the migration's folded snapshot, in one
 * transaction. The journal rows go (they belong to the state replaced); the replaced snapshot joins the history when
 * its serial is below the new one, and history rows at or above the new serial go, since the new state's own folds
 * will write those serials (the history's key is the serial).
 */
final class PgReplace {
    private PgReplace() {}

    static void replace(PostgresStateBackend backend, PgSql sql, State state, int keep) {
        try (Connection c = backend.connect()) {
            c.setAutoCommit(false);
            try {
                int id = backend.migrationId(c, state.specName());
                try (PreparedStatement lockRow =
                        c.prepareStatement("SELECT 1 FROM " + sql.t("migration") + " WHERE id = ? FOR UPDATE")) {
                    lockRow.setInt(1, id);
                    lockRow.executeQuery().close();
                }
                update(c, "DELETE FROM " + sql.t("history") + " WHERE migration_id = ? AND serial >= ?", id, state);
                try (PreparedStatement h = c.prepareStatement("INSERT INTO " + sql.t("history")
                        + " (migration_id, serial, lineage, snapshot, folded_at) SELECT id, serial, lineage, snapshot,"
                        + " folded_at FROM " + sql.t("migration")
                        + " WHERE id = ? AND snapshot IS NOT NULL AND serial < ?")) {
                    h.setInt(1, id);
                    h.setLong(2, state.serial());
                    h.executeUpdate();
                }
                try (PreparedStatement d =
                        c.prepareStatement("DELETE FROM " + sql.t("journal") + " WHERE migration_id = ?")) {
                    d.setInt(1, id);
                    d.executeUpdate();
                }
                try (PreparedStatement u = c.prepareStatement("UPDATE " + sql.t("migration") + " SET lineage = ?,"
                        + " serial = ?, snapshot = ?, folded_at = ? WHERE id = ?")) {
                    u.setString(1, state.lineage());
                    u.setLong(2, state.serial());
                    u.setString(
                            3,
                            PgSql.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(StateCodec.write(state))
                                    + "\n");
                    u.setTimestamp(4, Timestamp.from(backend.clock().instant()));
                    u.setInt(5, id);
                    u.executeUpdate();
                }
                try (PreparedStatement d = c.prepareStatement("DELETE FROM " + sql.t("history")
                        + " WHERE migration_id = ?"
                        + " AND serial NOT IN (SELECT serial FROM " + sql.t("history") + " WHERE migration_id = ?"
                        + " ORDER BY serial DESC LIMIT ?)")) {
                    d.setInt(1, id);
                    d.setInt(2, id);
                    d.setInt(3, keep);
                    d.executeUpdate();
                }
                c.commit();
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            throw PgSql.failed("write the pushed state of " + backend.describe(), e);
        }
    }

    private static void update(Connection c, String sql, int id, State state) throws SQLException {
        try (PreparedStatement d = c.prepareStatement(sql)) {
            d.setInt(1, id);
            d.setLong(2, state.serial());
            d.executeUpdate();
        }
    }
}
