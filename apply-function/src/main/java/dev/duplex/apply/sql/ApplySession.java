package dev.duplex.apply.sql;

import dev.duplex.core.error.FatalException;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.sql.LwwObjects;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Prepares a target connection for applying: the session settings that make the target store
 * exactly what the source stored, and Duplex's own schema.
 */
public final class ApplySession {
    /**
     * Strict, so bad data fails instead of being truncated; without NO_ZERO_DATE and
     * NO_ZERO_IN_DATE, so zero dates store as the source stored them; NO_AUTO_VALUE_ON_ZERO, so
     * an AUTO_INCREMENT column keeps a 0 the source had.
     */
    public static final String SQL_MODE = "STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION";

    private ApplySession() {}

    public static void prepare(Connection c) throws SQLException {
        String mode = SQL_MODE;
        try (Statement st = c.createStatement()) {
            // Connector/J escapes strings by what it saw at connect time; keep that assumption true.
            if (currentSqlMode(st).contains("NO_BACKSLASH_ESCAPES")) {
                mode += ",NO_BACKSLASH_ESCAPES";
            }
            // @duplex_apply: last-writer-wins triggers leave the apply's writes alone (LwwObjects).
            st.execute("SET SESSION foreign_key_checks=0, unique_checks=1, time_zone='+00:00', sql_mode='" + mode + "', "
                    + LwwObjects.APPLY_VARIABLE + " = 1");
            requireUtf8mb4(st);
            DuplexSchema.create(st);
        }
        c.setAutoCommit(false);
    }

    private static String currentSqlMode(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode")) {
            rs.next();
            String mode = rs.getString(1);
            return mode == null ? "" : mode.toUpperCase(Locale.ROOT);
        }
    }

    private static void requireUtf8mb4(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT @@character_set_client, @@character_set_connection")) {
            rs.next();
            if (!"utf8mb4".equalsIgnoreCase(rs.getString(1)) || !"utf8mb4".equalsIgnoreCase(rs.getString(2))) {
                throw new FatalException("apply connection uses character set " + rs.getString(1) + "/"
                        + rs.getString(2) + " instead of utf8mb4: connect through NodeConnections, which asks for it");
            }
        }
    }
}
