package dev.duplex.apply.dml;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.apply.conflict.ConflictKind;
import dev.duplex.apply.sql.SqlText;
import dev.duplex.apply.sql.ValueBinder;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.sql.LwwObjects;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies a row of a last-writer-wins table so that both nodes end with the same row whatever
 * order the writes meet in. Every write carries its origin's version (a delete: its time, which
 * capture put in the before-image's version column). On the target, inside the message's
 * transaction and on rows it has locked:
 * <ul>
 *   <li>an insert or update wins iff its version is greater than the row's, or, with no row, than
 *       the key's tombstone; a delete wins iff its time is not older than the row's version;</li>
 *   <li>equal versions: node a's write wins, on both nodes alike;</li>
 *   <li>a unique-key collision with rows of other primary keys is decided by the same rule against
 *       each; the loser, whichever it is, is removed and its key buried with its version;</li>
 *   <li>every delete the target sees, and the old key of a primary-key change, leaves a tombstone
 *       (the triggers do not, for the apply's writes: {@link LwwObjects#APPLY_VARIABLE});</li>
 *   <li>counters ({@link Counters}) are added whichever write wins, while the row exists.</li>
 * </ul>
 */
final class LwwApplier {
    /** ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME, ER_DUP_KEY. */
    private static final Set<Integer> DUPLICATE = Set.of(1062, 1586, 1022);
    private static final Value INITIAL = new Value.Text(LwwObjects.INITIAL_VERSION);

    private final Connection c;
    private final StatementRunner runner;
    private final ConflictHandler conflicts;
    private final boolean fromNodeA;

    LwwApplier(Connection c, StatementRunner runner, ConflictHandler conflicts, boolean fromNodeA) {
        this.c = c;
        this.runner = runner;
        this.conflicts = conflicts;
        this.fromNodeA = fromNodeA;
    }

    void apply(RowTarget row, String versionColumn, Counters counters, String seq) throws SQLException {
        if (!row.keyIsUnique()) {
            throw new FatalException("last-writer-wins needs a primary key on " + row.database() + "."
                    + row.tableName() + " (seq " + seq + "); add one, or give the table another conflictPolicy");
        }
        Lww lww = new Lww(row, versionColumn, counters, seq);
        switch (row.change().op()) {
            case INSERT -> lww.write(row.afterValuesOf(row.keyColumns()), false);
            case UPDATE -> lww.update();
            case DELETE -> lww.delete();
        }
    }

    /** One row's decision. */
    private final class Lww {
        final RowTarget row;
        final String version;
        final Counters counters;
        final String seq;
        final Value incoming;

        Lww(RowTarget row, String version, Counters counters, String seq) {
            this.row = row;
            this.version = version;
            this.counters = counters;
            this.seq = seq;
            boolean carried = row.covers(List.of(version));
            List<String> v = List.of(version);
            this.incoming = !carried ? INITIAL
                    : row.change().after() != null ? row.afterValuesOf(v).get(0) : row.beforeValuesOf(v).get(0);
        }

        boolean wins(int sign) {
            return sign > 0 || sign == 0 && fromNodeA;
        }

        /**
         * An update that moves the row to another primary key is, as on its origin, a delete of
         * the old key at the update's version and a write of the new one: each is decided on its
         * own key, so a later delete of the old key elsewhere does not cancel the new row.
         */
        void update() throws SQLException {
            List<String> key = row.keyColumns();
            List<Value> before = row.beforeKey();
            if (!before.equals(row.afterValuesOf(key))) {
                if (wins(versusRowOrMissing(key, before), true)) {
                    runner.run(SqlText.delete(row.database(), row.tableName(), key, false), before, 1);
                }
                bury(before, incoming);
                write(row.afterValuesOf(key), false);
                return;
            }
            Integer sign = versusRow(key, before);
            if (sign == null) {
                write(before, true);
                return;
            }
            if (!counters.none()) {
                runner.run(counters.update(row, false, key), counters.params(row, false, before), 1);
            }
            boolean win = wins(sign);
            if (!sameVersion(key, before)) {
                conflicts.decided(ConflictKind.UPDATE_MISMATCH, row, key, before, win, seq);
            }
            if (win) {
                overwrite(key, before);
            }
        }

        /** Sign of (incoming - the row's version) for a delete: ties go to the delete; no row counts as a win. */
        private int versusRowOrMissing(List<String> key, List<Value> keyValues) throws SQLException {
            Integer sign = versusRow(key, keyValues);
            return sign == null ? 1 : sign;
        }

        private boolean wins(int sign, boolean deleting) {
            return deleting ? sign >= 0 : wins(sign);
        }

        void delete() throws SQLException {
            List<String> key = row.keyColumns();
            List<Value> before = row.beforeKey();
            Integer sign = versusRow(key, before);
            bury(before, incoming);
            if (sign == null) {
                conflicts.decided(ConflictKind.DELETE_MISSING, row, key, before, true, seq);
            } else if (sign >= 0) {
                runner.run(SqlText.delete(row.database(), row.tableName(), key, false), before, 1);
            } else {
                conflicts.decided(ConflictKind.DELETE_MISMATCH, row, key, before, false, seq);
            }
        }

        /**
         * Writes the after-image at {@code keyValues} if it beats what is there: the row (then
         * updated in place) or the key's tombstone (then inserted).
         *
         * @param updateMissing the change is an UPDATE whose row the target did not have
         */
        void write(List<Value> keyValues, boolean updateMissing) throws SQLException {
            List<String> key = row.keyColumns();
            Integer sign = versusRow(key, keyValues);
            if (sign != null) {
                boolean win = wins(sign);
                conflicts.decided(ConflictKind.INSERT_DUPLICATE, row, key, keyValues, win, seq);
                if (win) {
                    overwrite(key, keyValues);
                }
                return;
            }
            Integer tomb = versusTombstone(keyValues);
            if (tomb != null && tomb <= 0) {
                conflicts.decided(ConflictKind.DELETED_ON_TARGET, row, key, keyValues, false, seq);
                return;
            }
            if (updateMissing) {
                conflicts.decided(ConflictKind.UPDATE_MISSING, row, key, row.beforeKey(), true, seq);
            }
            insert();
        }

        void insert() throws SQLException {
            try {
                runner.run(SqlText.insert(row.database(), row.tableName(), row.insertColumns(), 1, false),
                        row.insertValues(), 1);
            } catch (SQLException e) {
                if (!DUPLICATE.contains(e.getErrorCode())) {
                    throw e;
                }
                if (collide(null, null)) {
                    runner.run(SqlText.insert(row.database(), row.tableName(), row.insertColumns(), 1, false),
                            row.insertValues(), 1);
                }
            }
        }

        /** Sets the row at {@code key} to the after-image (counters aside). */
        void overwrite(List<String> key, List<Value> keyValues) throws SQLException {
            List<String> plain = counters.plain(row);
            List<Value> params = new ArrayList<>(row.afterValuesOf(plain));
            params.addAll(keyValues);
            String sql = SqlText.update(row.database(), row.tableName(), plain, key, false);
            try {
                runner.run(sql, params, 1);
            } catch (SQLException e) {
                if (!DUPLICATE.contains(e.getErrorCode())) {
                    throw e;
                }
                if (collide(key, keyValues)) {
                    runner.run(sql, params, 1);
                }
            }
        }

        /**
         * The write hit a unique key held by other rows: it goes on (true) only if it beats every
         * one of them, which are then removed and buried; otherwise the incoming row is the loser,
         * and the row it would have become ({@code ownKey}, if the target had it) is removed too.
         */
        boolean collide(List<String> ownKey, List<Value> ownKeyValues) throws SQLException {
            List<Collision> found = new ArrayList<>();
            for (Collision k : CollisionFinder.find(c, row, false)) {
                if (!(ownKeyValues != null && k.key().equals(ownKey) && k.keyValues().equals(ownKeyValues))) {
                    found.add(k);
                }
            }
            if (found.isEmpty()) {
                throw new FatalException("last-writer-wins cannot decide a duplicate key on " + row.database() + "."
                        + row.tableName() + " at seq " + seq + ": the colliding unique key is one the change does not"
                        + " carry (a prefix key, or columns not selected); select every column of its unique keys");
            }
            boolean win = true;
            for (Collision k : found) {
                win &= wins(versusRow(k.key(), k.keyValues()));
            }
            for (Collision k : found) {
                conflicts.decided(ConflictKind.INSERT_DUPLICATE, row, k.key(), k.keyValues(), win, seq);
            }
            if (win) {
                for (Collision k : found) {
                    buryRow(k.key(), k.keyValues());
                    runner.run(SqlText.delete(row.database(), row.tableName(), k.key(), false), k.keyValues(), 1);
                }
                return true;
            }
            bury(row.afterValuesOf(row.keyColumns()), incoming);
            if (ownKey != null) {
                runner.run(SqlText.delete(row.database(), row.tableName(), ownKey, false), ownKeyValues, 1);
            }
            return false;
        }

        /** Sign of (incoming version - the row's), the row at {@code key} locked; null when there is none. */
        Integer versusRow(List<String> key, List<Value> keyValues) throws SQLException {
            String v = quote(targetVersion());
            return sign(SqlText.selectOne(row.database(), row.tableName(), List.of("(? > " + v + ") - (? < " + v + ")"),
                    key), keyValues);
        }

        /** Sign of (incoming version - the key's tombstone), locked; null when the key has none. */
        Integer versusTombstone(List<Value> keyValues) throws SQLException {
            String d = quote(LwwObjects.DELETED_AT);
            return sign(SqlText.selectOne(DuplexSchema.SCHEMA, tombstones(),
                    List.of("(? > " + d + ") - (? < " + d + ")"), row.keyColumns()), keyValues);
        }

        boolean sameVersion(List<String> key, List<Value> keyValues) throws SQLException {
            if (!row.covers(List.of(version))) {
                return true;
            }
            Value before = row.beforeValuesOf(List.of(version)).get(0);
            String sql = SqlText.selectOne(row.database(), row.tableName(), List.of("? <=> " + quote(targetVersion())),
                    key);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ValueBinder.bind(ps, 1, before);
                bindFrom(ps, 2, keyValues);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getInt(1) == 1;
                }
            }
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

        /** Records the key's tombstone at {@code time}, keeping a later one. */
        void bury(List<Value> keyValues, Value time) throws SQLException {
            List<Value> params = new ArrayList<>(keyValues);
            params.add(time);
            runner.run(buryStatement("VALUES (" + "?,".repeat(keyValues.size()) + "?)"), params, StatementRunner.ANY_COUNT);
        }

        /** Buries the row at {@code key} with its own version, before it is removed. */
        void buryRow(List<String> key, List<Value> keyValues) throws SQLException {
            String select = "SELECT " + String.join(",", row.keyColumns().stream().map(k -> quote(k)).toList()) + ","
                    + quote(targetVersion()) + " FROM " + qualified(row.database(),
                    row.tableName()) + " WHERE " + String.join(" AND ", key.stream().map(k -> quote(k) + "<=>?").toList());
            runner.run(buryStatement(select), keyValues, StatementRunner.ANY_COUNT);
        }

        private String buryStatement(String rows) {
            String d = quote(LwwObjects.DELETED_AT);
            return "INSERT INTO " + qualified(DuplexSchema.SCHEMA,
                    tombstones()) + " " + SqlText.columnList(withDeletedAt()) + " " + rows
                    + " ON DUPLICATE KEY UPDATE " + d + " = GREATEST(" + d + ", VALUES(" + d + "))";
        }

        private List<String> withDeletedAt() {
            List<String> columns = new ArrayList<>(row.keyColumns());
            columns.add(LwwObjects.DELETED_AT);
            return columns;
        }

        private String tombstones() {
            return LwwObjects.tombstoneTable(row.database(), row.tableName());
        }

        /** The version column as the target spells it. */
        private String targetVersion() {
            return row.table().column(version) != null ? row.table().column(version).name() : version;
        }
    }

    private static void bindFrom(PreparedStatement ps, int first, List<Value> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ValueBinder.bind(ps, first + i, values.get(i));
        }
    }
}
