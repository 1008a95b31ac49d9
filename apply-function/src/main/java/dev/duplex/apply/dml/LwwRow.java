package dev.duplex.apply.dml;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.apply.sql.SqlText;
import dev.duplex.apply.sql.TargetRowReader;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.sql.LwwObjects;
import dev.duplex.core.sql.ValueBinder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What last-writer-wins asks of the target about one incoming row, and the writes it makes
 * beside the row itself: comparisons of the row's version with the target's rows and the key's
 * tombstone (made by the server, on rows locked until the message commits), tombstones, and
 * parking ({@link ParkedRows}). {@link LwwApplier} decides; this class only asks and writes.
 */
final class LwwRow {
    /** The version of a row written before last-writer-wins was set up (its change has no version column). */
    private static final Value INITIAL = new Value.Text(LwwObjects.INITIAL_VERSION);

    final RowTarget row;
    /** The incoming write's version; a delete's time (capture put it in the before-image). */
    final Value incoming;
    private final Connection c;
    private final StatementRunner runner;
    private final String version;

    LwwRow(Connection c, StatementRunner runner, RowTarget row, String versionColumn) {
        this.c = c;
        this.runner = runner;
        this.row = row;
        this.version = row.table().column(versionColumn) != null ? row.table().column(versionColumn).name()
                : versionColumn;
        List<String> v = List.of(versionColumn);
        this.incoming = !row.covers(v) ? INITIAL
                : row.change().after() != null ? row.afterValuesOf(v).get(0) : row.beforeValuesOf(v).get(0);
    }

    List<String> key() {
        return row.keyColumns();
    }

    List<Value> afterKey() {
        return row.afterValuesOf(row.keyColumns());
    }

    /** Sign of (incoming version - the version of the row at {@code key}), that row locked; null when there is none. */
    Integer versusRow(List<String> key, List<Value> keyValues) throws SQLException {
        String v = quote(version);
        return sign(SqlText.selectOne(row.database(), row.tableName(), List.of("(? > " + v + ") - (? < " + v + ")"), key),
                keyValues);
    }

    /** Sign of (incoming version - the key's tombstone), locked; null when the key has none. */
    Integer versusTombstone(List<Value> keyValues) throws SQLException {
        String d = quote(LwwObjects.DELETED_AT);
        return sign(SqlText.selectOne(DuplexSchema.SCHEMA, tombstones(), List.of("(? > " + d + ") - (? < " + d + ")"),
                key()), keyValues);
    }

    /** Whether the row at {@code key} still has the version the change's before-image had. */
    boolean sameVersion(List<String> key, List<Value> keyValues) throws SQLException {
        if (!row.covers(List.of(version))) {
            return true;
        }
        String sql = SqlText.selectOne(row.database(), row.tableName(), List.of("? <=> " + quote(version)), key);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ValueBinder.bind(ps, 1, row.beforeValuesOf(List.of(version)).get(0));
            bindFrom(ps, 2, keyValues);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    /** Records the key's tombstone at {@code time}, keeping a later one already there. */
    void bury(List<Value> keyValues, Value time) throws SQLException {
        List<Value> params = new ArrayList<>(keyValues);
        params.add(time);
        runner.run(buryStatement("VALUES (" + "?,".repeat(keyValues.size()) + "?)"), params, StatementRunner.ANY_COUNT);
    }

    void delete(List<String> key, List<Value> keyValues) throws SQLException {
        runner.run(SqlText.delete(row.database(), row.tableName(), key, false), keyValues, 1);
    }

    /**
     * Sets the target row at {@code key} aside as a collision's loser: parked whole, its key
     * buried at its own version (so a later local write of that key gets a newer version), removed.
     */
    void parkTargetRow(List<String> key, List<Value> keyValues) throws SQLException {
        List<Value> image = TargetRowReader.read(c, row.table(), row.columns(), key, keyValues).orElseThrow();
        List<Value> pk = new ArrayList<>();
        for (String k : key()) {
            pk.add(image.get(RowTarget.indexOf(row.columns(), k)));
        }
        Value rowVersion = image.get(RowTarget.indexOf(row.columns(), version));
        ParkedRows.park(c, row.database(), row.tableName(), row.columns(), key(), pk, image, rowVersion);
        bury(pk, rowVersion);
        delete(key, keyValues);
    }

    /** Sets the incoming row aside as a collision's loser: parked whole, its key buried at its version. */
    void parkIncoming() throws SQLException {
        ParkedRows.park(c, row.database(), row.tableName(), row.columns(), key(), afterKey(), row.after(), incoming);
        bury(afterKey(), incoming);
    }

    void discardParked(List<Value> keyValues) throws SQLException {
        ParkedRows.discard(c, row.database(), row.tableName(), key(), keyValues);
    }

    private Integer sign(String sql, List<Value> keyValues) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ValueBinder.bind(ps, 1, incoming);
            ValueBinder.bind(ps, 2, incoming);
            bindFrom(ps, 3, keyValues);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                int s = rs.getInt(1);
                return rs.wasNull() ? 0 : Integer.signum(s);
            }
        }
    }

    private String buryStatement(String rows) {
        String d = quote(LwwObjects.DELETED_AT);
        List<String> columns = new ArrayList<>(key());
        columns.add(LwwObjects.DELETED_AT);
        return "INSERT INTO " + qualified(DuplexSchema.SCHEMA, tombstones()) + " " + SqlText.columnList(columns) + " "
                + rows + " ON DUPLICATE KEY UPDATE " + d + " = GREATEST(" + d + ", VALUES(" + d + "))";
    }

    private String tombstones() {
        return LwwObjects.tombstoneTable(row.database(), row.tableName());
    }

    private static void bindFrom(PreparedStatement ps, int first, List<Value> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ValueBinder.bind(ps, first + i, values.get(i));
        }
    }
}
