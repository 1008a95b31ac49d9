package dev.duplex.capture.verify;

import dev.duplex.core.filter.WhereFilter;
import java.util.List;

/**
 * One selected table as it is on node a and on node b.
 *
 * @param columns     compared columns (same names on both nodes); the key columns come first
 * @param keyColumns  the primary (or unique) key on node a
 * @param where       the task's row filter, {@link WhereFilter#all()} for all rows; it reaches SQL only
 *                    as {@link WhereFilter#sql()}, never as its text
 */
public record TablePair(String dbA, String tableA, String dbB, String tableB, List<String> columns,
                        List<String> keyColumns, WhereFilter where, boolean wholeTable) {

    public String label() {
        return dbA + "." + tableA + (dbA.equals(dbB) && tableA.equals(tableB) ? "" : " -> " + dbB + "." + tableB);
    }
}
