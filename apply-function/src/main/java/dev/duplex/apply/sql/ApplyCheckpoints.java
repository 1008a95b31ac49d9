package dev.duplex.apply.sql;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Seq;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * duplex.apply_checkpoint on the target: the exactly-once guard and, because it is written first
 * in every applied transaction, the loop-prevention marker the target's capture looks for.
 */
public final class ApplyCheckpoints {
    private static final String SELECT = "SELECT seq, source_file, source_pos FROM `duplex`.`apply_checkpoint`"
            + " WHERE task = ? AND direction = ? AND grp = ?";
    private static final String UPSERT = "INSERT INTO `duplex`.`apply_checkpoint`"
            + " (task, direction, grp, seq, source_file, source_pos, source_gtid, applied_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE"
            + " seq = ?, source_file = ?, source_pos = ?, source_gtid = ?, applied_at = UTC_TIMESTAMP(6)";

    private ApplyCheckpoints() {}

    /**
     * Locks the group's row for the rest of the current transaction and returns its seq. A missing
     * row is created at {@link Seq#ZERO} in a transaction of its own first, so that two first
     * messages never race on an insert.
     */
    public static Seq lock(Connection c, CheckpointKey key) throws SQLException {
        Optional<Seq> seq = select(c, key, true);
        if (seq.isPresent()) {
            return seq.get();
        }
        c.rollback();
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO `duplex`.`apply_checkpoint`"
                + " (task, direction, grp, seq, applied_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6))")) {
            bindKey(ps, key, 1);
            ps.setString(4, Seq.ZERO.text());
            ps.executeUpdate();
        }
        c.commit();
        return select(c, key, true).orElseThrow(() -> new SQLException("apply checkpoint row vanished"));
    }

    /** The stored seq without locking, for status and tests. */
    public static Optional<Seq> read(Connection c, CheckpointKey key) throws SQLException {
        return select(c, key, false);
    }

    public static void write(Connection c, CheckpointKey key, Seq seq, BinlogPosition source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            bindKey(ps, key, 1);
            ps.setString(4, seq.text());
            ps.setString(5, source.file());
            ps.setLong(6, source.pos());
            ps.setString(7, source.gtidSet());
            ps.setString(8, seq.text());
            ps.setString(9, source.file());
            ps.setLong(10, source.pos());
            ps.setString(11, source.gtidSet());
            ps.executeUpdate();
        }
    }

    private static Optional<Seq> select(Connection c, CheckpointKey key, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + (forUpdate ? " FOR UPDATE" : ""))) {
            bindKey(ps, key, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Seq.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private static void bindKey(PreparedStatement ps, CheckpointKey key, int first) throws SQLException {
        ps.setString(first, key.task());
        ps.setString(first + 1, key.direction().code());
        ps.setString(first + 2, key.group());
    }
}
