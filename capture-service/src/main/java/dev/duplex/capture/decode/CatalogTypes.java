package dev.duplex.capture.decode;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import dev.duplex.core.error.DecodeException;
import dev.duplex.core.error.StartOver;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether a column of a table-map event without column names can be the column information_schema
 * lists at its place now. The binlog then gives each column's type only, and the names come from
 * the table as it is now, by position: a column added, dropped or moved since the event was written
 * would put values under the wrong names, silently. A type the event and the table disagree on
 * gives that away, so the capture stops instead. Only types the binlog names exactly are compared
 * (numbers, temporals, BIT, ENUM, SET, MySQL's JSON); a binlog string or BLOB only has to be none
 * of those, as CHAR, TEXT, MariaDB's JSON, UUID, INET6 and the spatial types all log as one.
 */
final class CatalogTypes {
    private static final Map<ColumnType, String> EXACT = new EnumMap<>(ColumnType.class);
    private static final Set<String> NAMED_EXACTLY = new HashSet<>();

    static {
        exact("tinyint", ColumnType.TINY);
        exact("smallint", ColumnType.SHORT);
        exact("mediumint", ColumnType.INT24);
        exact("int", ColumnType.LONG);
        exact("bigint", ColumnType.LONGLONG);
        exact("float", ColumnType.FLOAT);
        exact("double", ColumnType.DOUBLE);
        exact("decimal", ColumnType.DECIMAL, ColumnType.NEWDECIMAL);
        exact("year", ColumnType.YEAR);
        exact("date", ColumnType.DATE, ColumnType.NEWDATE);
        exact("time", ColumnType.TIME, ColumnType.TIME_V2);
        exact("datetime", ColumnType.DATETIME, ColumnType.DATETIME_V2);
        exact("timestamp", ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_V2);
        exact("bit", ColumnType.BIT);
        exact("enum", ColumnType.ENUM);
        exact("set", ColumnType.SET);
        exact("json", ColumnType.JSON);
    }

    private CatalogTypes() {}

    private static void exact(String dataType, ColumnType... types) {
        for (ColumnType t : types) {
            EXACT.put(t, dataType);
        }
        NAMED_EXACTLY.add(dataType);
    }

    /**
     * Stops at an event whose columns cannot be the table's as information_schema lists them now:
     * another count, or a type that differs at some place.
     */
    static void requireSameColumns(TableMapEventData map, CatalogTable now, String position, String task) {
        byte[] types = map.getColumnTypes();
        if (now.columns().size() != types.length) {
            throw changedSince(map, types.length + " columns in the binlog but " + now.columns().size() + " now",
                    position, task);
        }
        for (int i = 0; i < types.length; i++) {
            ColumnType logged = RealType.of(types[i] & 0xFF, map.getColumnMetadata()[i]).type();
            CatalogTable.Column c = now.columns().get(i);
            if (!compatible(logged, c.dataType())) {
                throw changedSince(map, "column " + (i + 1) + " of type " + logged + " in the binlog where `"
                        + c.name() + "` (" + c.columnType() + ") is now", position, task);
            }
        }
    }

    /**
     * The table is not what it was when the event was written, and the event has no column names:
     * its values cannot be put under the right columns, and guessing would write them under the
     * wrong ones. Those rows are out of reach of any capture; only a copy brings node b level.
     */
    private static DecodeException changedSince(TableMapEventData map, String what, String position, String task) {
        String table = map.getDatabase() + "." + map.getTable();
        return new DecodeException(table + " has " + what + ": it changed after this event was written, and "
                + "without binlog_row_metadata=FULL the binlog does not say which value is which column. Set "
                + "binlog_row_metadata=FULL on the source (SET GLOBAL, and in its configuration) so that it cannot "
                + "happen again, then " + StartOver.with(task), position, 0, null);
    }

    /** False when the event's type and information_schema's DATA_TYPE cannot be the same column. */
    static boolean compatible(ColumnType logged, String dataType) {
        String now = dataType == null ? "" : dataType.toLowerCase(Locale.ROOT);
        String expected = EXACT.get(logged);
        if (expected != null) {
            // MariaDB's JSON is a LONGTEXT: only MySQL logs the JSON type, and names it json.
            return expected.equals(now);
        }
        return !NAMED_EXACTLY.contains(now);
    }
}
