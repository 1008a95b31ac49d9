package dev.duplex.capture.verify;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A chunk's row count and checksum, computed by the server that holds it: equal on both nodes, the
 * chunk is equal without a row leaving either server; different, only that chunk is compared row
 * by row.
 *
 * <p>Each row is encoded without ambiguity (every value preceded by its length in characters, NULLs told apart
 * from '' by a trailing ISNULL mask) and hashed with MD5; the chunk's checksum is the XOR of those
 * hashes (60 of their bits: one MD5 a row, a signed BIGINT). Not pt-table-checksum's BIT_XOR of CRC32s: CRC32 is
 * affine, so an even number of rows of one length that differ alike (a bulk UPDATE lost on one
 * node: 'PENDING' to 'SHIPPED' twice) leave its XOR unchanged, and a separator that a value may
 * hold ('x#','y' against 'x','#y') makes two rows one string.
 */
record ChunkChecksum(long rows, long checksum) {

    static ChunkChecksum of(Connection c, String db, String table, KeyRange range) throws SQLException {
        String hash = "MD5(" + rowEncoding(range.table().columns()) + ")";
        String sql = "SELECT COUNT(*), COALESCE(BIT_XOR(CAST(CONV(SUBSTRING(" + hash + ", 1, 15), 16, 10) AS UNSIGNED)),"
                + " 0) FROM " + qualified(db, table) + range.where();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            range.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ChunkChecksum(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** CONCAT_WS('#', CHAR_LENGTH(a), a, CHAR_LENGTH(b), b, ..., CONCAT(ISNULL(a), ...)): one string per row. */
    static String rowEncoding(List<String> columns) {
        String values = columns.stream().map(col -> "CHAR_LENGTH(" + quote(col) + "), " + quote(col))
                .collect(Collectors.joining(", "));
        String nulls = columns.stream().map(col -> "ISNULL(" + quote(col) + ")").collect(Collectors.joining(", "));
        return "CONCAT_WS('#', " + values + ", CONCAT(" + nulls + "))";
    }
}
