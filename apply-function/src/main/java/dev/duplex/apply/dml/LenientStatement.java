package dev.duplex.apply.dml;

import dev.duplex.apply.sql.ColumnInfo;
import dev.duplex.apply.sql.TableInfo;
import dev.duplex.core.error.QuotedText;
import dev.duplex.core.sql.ServerWarnings;
import dev.duplex.core.sql.StrictMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row statement run with STRICT_ALL_TABLES lifted, for what strict mode refuses although a
 * non-strict source stored it: MySQL's ENUM error value (index 0, label ''), and a generated
 * column whose own computation overflows (the source warned; a target that binlogs full row
 * images computes it for every row it writes, and strict mode makes that an error). Lifted, the
 * server would store any other bad value with a warning instead of refusing it, so every warning
 * the statement leaves must be about such a column; any other fails the statement as the data
 * error strict mode would have raised (the caller rolls the transaction back).
 */
final class LenientStatement {
    private static final int MAX_WARNINGS = 64;

    /** The statement itself, run once the session is lenient. */
    @FunctionalInterface
    interface Body {
        int run() throws SQLException;
    }

    private LenientStatement() {}

    /** Whether strict mode refused {@code e} only for a generated column of {@code table}: worth running lenient. */
    static boolean refusedGenerated(TableInfo table, SQLException e) {
        return table != null && StrictMode.VALUE_ERRORS.contains(e.getErrorCode()) && named(table, e.getMessage(), true, false);
    }

    static int run(Connection c, TableInfo table, Body body) throws SQLException {
        StrictMode.lift(c);
        try {
            int count = body.run();
            judge(c, table);
            return count;
        } finally {
            StrictMode.restore(c);
        }
    }

    /** One line of SHOW WARNINGS. */
    private record Warning(int code, String message) {}

    private static void judge(Connection c, TableInfo table) throws SQLException {
        List<Warning> warnings = new ArrayList<>();
        long total;
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW WARNINGS LIMIT " + MAX_WARNINGS)) {
                while (rs.next()) {
                    warnings.add(new Warning(rs.getInt("Code"), rs.getString("Message")));
                }
            }
            total = ServerWarnings.count(st);
        }
        for (Warning w : warnings) {
            if (table == null || !(w.code() == 1265 && named(table, w.message(), false, true)
                    || named(table, w.message(), true, false))) {
                throw refused(table, w);
            }
        }
        if (total > warnings.size()) {
            throw new SQLException("the target left " + total + " warnings on a statement run without strict mode,"
                    + " more than can be checked; refused as strict mode would", "22000", 1265);
        }
    }

    /** The warning as the data error it stands for; quoted values hidden, the table's column names kept. */
    private static SQLException refused(TableInfo table, Warning w) {
        String message = w.message() == null ? "" : QuotedText.hide(w.message(),
                text -> table != null && table.column(text) != null);
        return new SQLException(message + " (without strict mode, which a value of this row needed)", "22000",
                w.code());
    }

    /** Whether {@code message} names a column of {@code table} that is generated, or an ENUM. */
    private static boolean named(TableInfo table, String message, boolean generated, boolean enumType) {
        for (ColumnInfo col : table.columns()) {
            boolean kind = generated && col.generated()
                    || enumType && "enum".equals(col.dataType().toLowerCase(Locale.ROOT));
            if (kind && ServerWarnings.names(message, col.name())) {
                return true;
            }
        }
        return false;
    }
}
