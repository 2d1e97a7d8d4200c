package io.kmsmig.state.postgres;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.state.ApplyRecord;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.State;
import io.kmsmig.state.StateCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads a migration's state: its folded snapshot with its journal rows replayed, as one consistent snapshot. */
final class PgRead {
    private PgRead() {}

    /**
     * A state read, and the folded snapshot's lineage and serial under it (a fold compares-and-sets against them).
     *
     * @param state           as of the last journal row
     * @param snapshotLineage the folded snapshot's lineage, or null before the first fold
     * @param snapshotSerial  the folded snapshot's serial (0 before the first fold)
     */
    record Current(State state, String snapshotLineage, long snapshotSerial) {}

    static Current current(Connection c, PgSql sql, int id, String specName, Clock clock) throws SQLException {
        boolean auto = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            Current cur = read(c, sql, id, specName, clock);
            c.commit();
            return cur;
        } finally {
            if (!c.isClosed()) {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(auto);
            }
        }
    }

    /** The same read inside the caller's transaction. */
    static Current read(Connection c, PgSql sql, int id, String specName, Clock clock) throws SQLException {
        State s = State.empty(specName);
        String snapLineage = null;
        long snapSerial = 0;
        try (PreparedStatement q =
                c.prepareStatement("SELECT lineage, serial, snapshot FROM " + sql.t("migration") + " WHERE id = ?")) {
            q.setInt(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next() && rs.getString(3) != null) {
                    s = StateCodec.read(PgSql.json(rs.getString(3)));
                    snapLineage = rs.getString(1);
                    snapSerial = rs.getLong(2);
                }
            }
        }
        if (s.specName() != null && !s.specName().equals(specName)) {
            throw new KmsmigException(
                    ErrorCode.STATE_INVALID,
                    "The PostgreSQL state row " + id + " is the state of " + "migration '" + s.specName()
                            + "', not of '" + specName + "'. Nothing was applied.");
        }
        Map<String, SecretState> secrets = new HashMap<>(s.secrets());
        String lineage = s.lineage();
        long serial = s.serial();
        String specSha = s.specSha256();
        ApplyRecord lastApply = s.lastApply();
        try (PreparedStatement q = c.prepareStatement("SELECT serial, lineage, kind, record FROM " + sql.t("journal")
                + " WHERE migration_id = ? AND serial > ? ORDER BY serial")) {
            q.setInt(1, id);
            q.setLong(2, snapSerial);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String recLineage = rs.getString(2);
                    if (lineage != null && !lineage.equals(recLineage)) {
                        throw new KmsmigException(
                                ErrorCode.STATE_INVALID,
                                "Journal row " + rs.getLong(1) + " of "
                                        + "migration '" + specName + "' belongs to another state (lineage " + recLineage
                                        + ", the state's is " + lineage + "). Nothing was applied.");
                    }
                    lineage = recLineage;
                    serial = rs.getLong(1);
                    JsonNode rec = PgSql.json(rs.getString(4));
                    switch (rs.getString(3)) {
                        case "session" -> specSha = rec.path("spec_sha256").asString();
                        case "apply" -> lastApply = StateCodec.apply(rec);
                        default -> {
                            SecretState ss = StateCodec.secret(rec);
                            secrets.put(ss.sourceName(), ss);
                        }
                    }
                }
            }
        }
        // With no row replayed the state is the snapshot as folded, its time included (state pull gives it byte for
        // byte, as the file backend does).
        State state = serial == s.serial()
                ? s
                : new State(
                        State.FORMAT_VERSION, lineage, serial, specName, specSha, clock.instant(), secrets, lastApply);
        return new Current(state, snapLineage, snapSerial);
    }
}
