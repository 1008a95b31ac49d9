package dev.duplex.apply.dml;

import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.ValueBinder;
import dev.duplex.core.wire.ImageJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows last-writer-wins set aside ({@code duplex.lww_parked}): the loser of a unique-key
 * collision between different primary keys. It is not gone: the winner may give up the unique
 * value later, on its own node before the collision ever happened there, and that node then
 * holds both rows. So a parked row is tried again after every message, in version order, and
 * comes back once nothing newer holds its key or its unique values; a newer write or delete of
 * its key discards it. Both nodes so end with the same rows whichever order they met them in.
 * The only reader and writer of the table.
 */
final class ParkedRows {
    private static final String TABLE = "`duplex`.`lww_parked`";

    /** One parked row: an INSERT of its whole image. */
    record Parked(RowChange row, byte[] pkHash) {}

    private ParkedRows() {}

    /** Sets {@code image} (over {@code columns}) of {@code db.table} aside, replacing what its key had parked. */
    static void park(Connection c, String db, String table, List<String> columns, List<String> keyColumns,
                     List<Value> keyValues, List<Value> image, Value version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("REPLACE INTO " + TABLE
                + " (db, tbl, pk_hash, version, key_columns, image) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, db);
            ps.setString(2, table);
            ps.setBytes(3, hash(keyColumns, keyValues));
            ValueBinder.bind(ps, 4, version);
            ps.setString(5, String.join("\u0001", keyColumns));
            ps.setString(6, ImageJson.encode(columns, image));
            ps.executeUpdate();
        }
    }

    /** Discards what {@code db.table} parked under this key (a newer write or delete of the key decided it). */
    static void discard(Connection c, String db, String table, List<String> keyColumns, List<Value> keyValues)
            throws SQLException {
        discard(c, db, table, hash(keyColumns, keyValues));
    }

    static void discard(Connection c, String db, String table, byte[] pkHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE
                + " WHERE db = ? AND tbl = ? AND pk_hash = ?")) {
            ps.setString(1, db);
            ps.setString(2, table);
            ps.setBytes(3, pkHash);
            ps.executeUpdate();
        }
    }

    /** Every parked row, newest version first, locked until the message's transaction ends. */
    static List<Parked> all(Connection c) throws SQLException {
        List<Parked> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT db, tbl, pk_hash, key_columns, image FROM " + TABLE
                + " ORDER BY version DESC, db, tbl, pk_hash FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Value> image = ImageJson.decode(rs.getString(5));
                List<String> key = List.of(rs.getString(4).split("\u0001"));
                out.add(new Parked(RowChange.insert(rs.getString(1), rs.getString(2), List.copyOf(image.keySet()), key,
                        List.copyOf(image.values())), rs.getBytes(3)));
            }
        }
        return out;
    }

    private static byte[] hash(List<String> keyColumns, List<Value> keyValues) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(ImageJson.encode(
                    keyColumns.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList(), keyValues)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
