package dev.duplex.apply.sql;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.core.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Text of the row statements. Names go only through {@link dev.duplex.core.sql.Identifiers};
 * every value is a {@code ?} placeholder. Rows are addressed with {@code <=>} so a NULL in a
 * unique key (allowed by UNIQUE) still matches. (Looking for the row a duplicate key collides
 * with is another matter: there a NULL never collides, see {@code dml.CollisionFinder}.)
 */
public final class SqlText {
    /** Shapes kept at most; a schema with more starts over (the texts are only re-built). */
    static final int MEMO_MAX = 4096;
    /**
     * Texts by shape: a drain writes the same few shapes thousands of times, and building one
     * (quoting every name, joining) cost a tenth of a lane's CPU.
     */
    private static final Map<Shape, String> MEMO = new ConcurrentHashMap<>();

    private record Shape(String verb, String db, String table, List<String> columns, List<String> where, int rows,
                         boolean flag) {}

    private SqlText() {}

    private static String memo(Shape shape, Supplier<String> text) {
        String sql = MEMO.get(shape);
        if (sql == null) {
            sql = text.get();
            if (MEMO.size() >= MEMO_MAX) {
                MEMO.clear();
            }
            // Copies: a caller's list may change after this call, and a key must not.
            MEMO.put(new Shape(shape.verb(), shape.db(), shape.table(), List.copyOf(shape.columns()),
                    List.copyOf(shape.where()), shape.rows(), shape.flag()), sql);
        }
        return sql;
    }

    /** {@code INSERT INTO t (a,b) VALUES (?,?),(?,?)}; {@code replace} writes REPLACE instead. */
    public static String insert(String db, String table, List<String> columns, int rows, boolean replace) {
        return memo(new Shape("insert", db, table, columns, List.of(), rows, replace),
                () -> buildInsert(db, table, columns, rows, replace));
    }

    private static String buildInsert(String db, String table, List<String> columns, int rows, boolean replace) {
        String tuple = columns.stream().map(c -> "?").collect(Collectors.joining(",", "(", ")"));
        StringBuilder sb = new StringBuilder(64 + rows * (tuple.length() + 1));
        sb.append(replace ? "REPLACE INTO " : "INSERT INTO ").append(qualified(db, table)).append(' ')
                .append(columnList(columns)).append(" VALUES ");
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "" : ",").append(tuple);
        }
        return sb.toString();
    }

    /**
     * {@code INSERT INTO t (a,b) VALUES (?,?),(?,?) ON DUPLICATE KEY UPDATE a=a}: a row whose primary
     * or unique key exists already is left as it is, and only duplicates are passed over (unlike
     * INSERT IGNORE, which also turns data errors into warnings).
     */
    public static String insertKeepingExisting(String db, String table, List<String> columns, int rows) {
        String first = quote(columns.get(0));
        return insert(db, table, columns, rows, false) + " ON DUPLICATE KEY UPDATE " + first + "=" + first;
    }

    /** {@code UPDATE t SET a=?,b=? WHERE k<=>? AND ...}. */
    public static String update(String db, String table, List<String> setColumns, List<String> whereColumns,
                                boolean limitOne) {
        return memo(new Shape("update", db, table, setColumns, whereColumns, 0, limitOne),
                () -> buildUpdate(db, table, setColumns, whereColumns, limitOne));
    }

    private static String buildUpdate(String db, String table, List<String> setColumns, List<String> whereColumns,
                                      boolean limitOne) {
        String set = setColumns.stream().map(c -> quote(c) + "=?").collect(Collectors.joining(","));
        return "UPDATE " + qualified(db, table) + " SET " + set + where(whereColumns) + (limitOne ? " LIMIT 1" : "");
    }

    /**
     * {@code UPDATE t SET a=?,n=n+(?-?) WHERE k<=>? AND ...}: {@code deltaColumns} are counters,
     * each moved by (after - before), so that increments made on both nodes add up. Parameters:
     * the values of {@code setColumns}, then after and before of each counter, then the key.
     */
    public static String updateWithDelta(String db, String table, List<String> setColumns, List<String> deltaColumns,
                                         List<String> whereColumns, boolean limitOne) {
        List<String> set = new ArrayList<>();
        setColumns.forEach(c -> set.add(quote(c) + "=?"));
        deltaColumns.forEach(c -> set.add(quote(c) + "=" + quote(c) + "+(?-?)"));
        return "UPDATE " + qualified(db, table) + " SET " + String.join(",", set) + where(whereColumns)
                + (limitOne ? " LIMIT 1" : "");
    }

    public static String delete(String db, String table, List<String> whereColumns, boolean limitOne) {
        return memo(new Shape("delete", db, table, List.of(), whereColumns, 0, limitOne),
                () -> "DELETE FROM " + qualified(db, table) + where(whereColumns) + (limitOne ? " LIMIT 1" : ""));
    }

    /** {@code SELECT <expressions> FROM t WHERE ... LIMIT 1 FOR UPDATE}: the row this transaction is about to decide on. */
    public static String selectOne(String db, String table, List<String> expressions, List<String> whereColumns) {
        return "SELECT " + String.join(",", expressions) + " FROM " + qualified(db, table) + where(whereColumns)
                + " LIMIT 1 FOR UPDATE";
    }

    /**
     * {@code (`a`<=>? AND `b`<=>?)}: whether a row holds these values, as a select-list
     * expression, so the server compares with the columns' own collation and type rules.
     */
    public static String matches(List<String> columns) {
        return "(" + equalities(columns) + ")";
    }

    public static String columnList(List<String> columns) {
        return columns.stream().map(Identifiers::quote).collect(Collectors.joining(",", "(", ")"));
    }

    private static String where(List<String> columns) {
        return " WHERE " + equalities(columns);
    }

    private static String equalities(List<String> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a row must be addressed by at least one column");
        }
        return columns.stream().map(c -> quote(c) + "<=>?").collect(Collectors.joining(" AND "));
    }
}
