package dev.duplex.capture.snapshot;

import dev.duplex.core.error.FatalException;
import dev.duplex.core.sql.LwwObjects;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Prepares a node b connection for writing the full sync directly, with the settings the apply
 * session uses (apply-function's ApplySession, which capture cannot use) so node b stores exactly
 * what node a stored: strict, zero dates allowed, a 0 in an AUTO_INCREMENT column kept, UTC, no
 * foreign-key checks (tables are copied in any order), and @duplex_apply set so last-writer-wins
 * triggers leave the copy alone. unique_checks stays on: a target table may hold rows (a resumed
 * copy, rows written on node b), and InnoDB does not check unique secondary keys without it, so
 * a duplicate would be stored instead of refused.
 */
final class TargetSession {
    static final String SQL_MODE = "STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION";
    static final int LOCK_WAIT_SECONDS = 10;

    private TargetSession() {}

    /** @return whether node b accepts LOAD DATA LOCAL INFILE (its local_infile is on) */
    static boolean prepare(Connection c) throws SQLException {
        boolean localInfile;
        try (Statement st = c.createStatement()) {
            String mode = SQL_MODE;
            // Connector/J escapes strings by what it saw at connect time; keep that assumption true.
            if (value(st, "SELECT @@SESSION.sql_mode").toUpperCase(Locale.ROOT).contains("NO_BACKSLASH_ESCAPES")) {
                mode += ",NO_BACKSLASH_ESCAPES";
            }
            // A short lock wait: chunks of one table that wait on each other are found soon (ChunkWriters).
            st.execute("SET SESSION foreign_key_checks=0, unique_checks=1, time_zone='+00:00', sql_mode='" + mode
                    + "', " + LwwObjects.APPLY_VARIABLE + " = 1, innodb_lock_wait_timeout = " + LOCK_WAIT_SECONDS);
            String charset = value(st, "SELECT @@character_set_client");
            if (!"utf8mb4".equalsIgnoreCase(charset)) {
                throw new FatalException("full sync connection to node b uses character set " + charset
                        + " instead of utf8mb4: connect through NodeConnections, which asks for it");
            }
            localInfile = "1".equals(value(st, "SELECT @@GLOBAL.local_infile + 0"));
        }
        // Inserting writers need no gap locks (nothing is read but their own progress row, by key).
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(false);
        return localInfile;
    }

    private static String value(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            rs.next();
            String v = rs.getString(1);
            return v == null ? "" : v;
        }
    }
}
