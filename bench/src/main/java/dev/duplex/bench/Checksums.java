package dev.duplex.bench;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * CHECKSUM TABLE of the sysbench tables on a source and a target. A figure is only worth
 * something if the applier really applied everything when the bench stopped its clock, so every
 * drain and copy ends with this check.
 */
final class Checksums {
    private Checksums() {}

    /** Throws unless {@code database}'s sbtest1..N tables are the same on both servers. */
    static void requireIdentical(MySqlServer source, MySqlServer target, String database, int tables, String who)
            throws SQLException {
        for (int i = 1; i <= tables; i++) {
            String table = database + ".sbtest" + i;
            long s = checksum(source, table);
            long t = checksum(target, table);
            if (s != t) {
                throw new BenchException(who + " left " + table + " different from its source when the bench stopped"
                        + " its clock: CHECKSUM TABLE " + s + " on " + source.name() + ", " + t + " on " + target.name());
            }
        }
    }

    static long checksum(MySqlServer server, String table) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("CHECKSUM TABLE " + table)) {
            rs.next();
            long v = rs.getLong(2);
            if (rs.wasNull()) {
                throw new BenchException("table " + table + " is missing on server " + server.name());
            }
            return v;
        }
    }
}
