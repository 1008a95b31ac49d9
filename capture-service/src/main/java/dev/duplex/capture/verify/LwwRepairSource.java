package dev.duplex.capture.verify;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.sql.LwwObjects;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which node a differing row is repaired from. Under last-writer-wins, the node holding the later
 * write, as the apply would decide: a row's version, or, where a node has no row, its key's
 * tombstone (a delete wins a tie, equal versions go to node a). Every other table's rows go from
 * the source the user named.
 */
final class LwwRepairSource {
    private final TaskConfig config;
    private final Connection a;
    private final Connection b;

    LwwRepairSource(TaskConfig config, Connection a, Connection b) {
        this.config = config;
        this.a = a;
        this.b = b;
    }

    /** The differing keys of {@code diffs} by the node they are sent from. */
    Map<String, List<TableDiff>> split(List<TableDiff> diffs, String source) throws SQLException {
        Map<String, List<TableDiff>> out = new LinkedHashMap<>();
        for (TableDiff d : diffs) {
            TablePair t = d.table();
            if (!(config.conflictResolutionFor(t.dbA(), t.tableA()) instanceof ConflictResolution.LastWriterWins l)) {
                out.computeIfAbsent(source, s -> new ArrayList<>()).add(d);
                continue;
            }
            List<KeyDiff> fromA = new ArrayList<>();
            List<KeyDiff> fromB = new ArrayList<>();
            for (KeyDiff k : d.keys()) {
                (laterOnA(t, l.versionColumn(), k) ? fromA : fromB).add(k);
            }
            if (!fromA.isEmpty()) {
                out.computeIfAbsent("a", s -> new ArrayList<>()).add(d.withKeys(fromA));
            }
            if (!fromB.isEmpty()) {
                out.computeIfAbsent("b", s -> new ArrayList<>()).add(d.withKeys(fromB));
            }
        }
        return out;
    }

    private boolean laterOnA(TablePair t, String version, KeyDiff k) throws SQLException {
        Write onA = write(a, t.dbA(), t.tableA(), t, version, k);
        Write onB = write(b, t.dbB(), t.tableB(), t, version, k);
        int c = onA.time().compareTo(onB.time());
        if (c != 0) {
            return c > 0;
        }
        if (onA.present() != onB.present()) {
            return !onA.present(); // a tie between a row and a tombstone: the delete wins
        }
        return true; // equal versions: node a's write
    }

    /** The latest write a node holds for the key: its row's version, else its tombstone (0 if neither). */
    private record Write(BigDecimal time, boolean present) {}

    private static Write write(Connection c, String db, String table, TablePair t, String version, KeyDiff k)
            throws SQLException {
        String match = KeyRange.keyMatch(t);
        BigDecimal row = one(c, "SELECT UNIX_TIMESTAMP(" + quote(version) + ") FROM " + qualified(db, table)
                + " WHERE " + match, k);
        if (row != null) {
            return new Write(row, true);
        }
        BigDecimal tomb;
        try {
            tomb = one(c, "SELECT UNIX_TIMESTAMP(" + quote(LwwObjects.DELETED_AT) + ") FROM "
                    + qualified(DuplexSchema.SCHEMA, LwwObjects.tombstoneTable(db, table)) + " WHERE " + match, k);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1146) { // ER_NO_SUCH_TABLE: the table has no tombstones (yet)
                throw e;
            }
            tomb = null;
        }
        return new Write(tomb == null ? BigDecimal.ZERO : tomb, false);
    }

    private static BigDecimal one(Connection c, String sql, KeyDiff k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < k.key().size(); i++) {
                ps.setBytes(i + 1, k.key().get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBigDecimal(1) : null;
            }
        }
    }
}
