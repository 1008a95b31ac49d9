package dev.duplex.core.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * STRICT_ALL_TABLES lifted for one statement of a strict session (the apply's, the full sync's),
 * for a value strict mode refuses although the source stored it. Lifted, the server stores any bad
 * value with a warning instead of refusing it: the caller judges every warning the statement left.
 */
public final class StrictMode {
    /**
     * The errors strict mode raises for a value the column cannot store as given (lifted, each is a
     * warning instead): out of range, data truncated, incorrect value, data too long, incorrect
     * date/time value.
     */
    public static final Set<Integer> VALUE_ERRORS = Set.of(1264, 1265, 1366, 1406, 1292);

    private StrictMode() {}

    /** Lifts it; {@link #restore} puts the session's mode back as it was. */
    public static void lift(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET @duplex_sql_mode = @@SESSION.sql_mode, "
                    + "SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'STRICT_ALL_TABLES', '')");
        }
    }

    public static void restore(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = @duplex_sql_mode");
        }
    }
}
