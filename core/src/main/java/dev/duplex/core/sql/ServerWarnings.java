package dev.duplex.core.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the server says about the statement just run on a connection, for the writers that judge
 * its warnings themselves (the full sync's LOAD DATA and INSERTs, the apply's statements run with
 * strict mode lifted): how many there were, and which column a message is about.
 */
public final class ServerWarnings {
    private ServerWarnings() {}

    /** Every warning of the last statement, also those beyond max_error_count that no list shows. */
    public static long count(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SHOW COUNT(*) WARNINGS")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Whether a server message ("... for column 'c' at row 1") names {@code column}. */
    public static boolean names(String message, String column) {
        return message != null && (message.contains("'" + column + "'") || message.contains("`" + column + "`"));
    }
}
