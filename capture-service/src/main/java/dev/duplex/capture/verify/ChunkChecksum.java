package dev.duplex.capture.verify;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Collectors;

/**
 * A chunk's row count and checksum, computed by the server that holds it, as pt-table-checksum
 * does: the XOR of each row's CRC32 over its compared columns (NULLs told apart from '' by a
 * trailing ISNULL mask). Equal on both nodes: the chunk is equal, without a row leaving either
 * server; different: only that chunk is compared row by row.
 */
record ChunkChecksum(long rows, long checksum) {

    static ChunkChecksum of(Connection c, String db, String table, KeyRange range) throws SQLException {
        TablePair t = range.table();
        String cols = t.columns().stream().map(col -> quote(col)).collect(Collectors.joining(", "));
        String nulls = t.columns().stream().map(col -> "ISNULL(" + quote(col) + ")").collect(Collectors.joining(", "));
        String sql = "SELECT COUNT(*), COALESCE(BIT_XOR(CRC32(CONCAT_WS('#', " + cols + ", CONCAT(" + nulls + ")))), 0)"
                + " FROM " + qualified(db, table) + range.where();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            range.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ChunkChecksum(rs.getLong(1), rs.getLong(2));
            }
        }
    }
}
