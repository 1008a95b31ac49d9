package dev.duplex.core.sql;

import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Value;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * duplex.apply_lane on the target: what each lane of a parallel apply committed, the only reader
 * and writer of that table.
 *
 * <p>A parallel unit (consecutive transactions of one group) is split into lanes that commit on
 * their own connections; the group's {@link ApplyCheckpoints apply checkpoint} moves past the unit
 * only with the last lane's commit. Each other lane writes its row first in its transaction: the
 * unit's last seq and the seqs of the transactions it applied. After a crash between two lane
 * commits, the rows whose unit ends after the group's checkpoint name exactly the transactions
 * already applied, whatever batches the redelivery comes in: those are skipped, the rest applied
 * once. A row of an older unit ends at or before the checkpoint and says nothing. The write is
 * also the loop-prevention marker of the lane's transaction ({@link DuplexSchema#isApplyMarker}).
 */
public final class ApplyLanes {
    private static final String UPSERT = "INSERT INTO `duplex`.`apply_lane`"
            + " (task, direction, grp, lane, unit_last, applied, applied_at) VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))"
            + " ON DUPLICATE KEY UPDATE unit_last = VALUES(unit_last), applied = VALUES(applied),"
            + " applied_at = VALUES(applied_at)";

    private ApplyLanes() {}

    /** A statement and its parameters, for a runner that sends it with others in one packet. */
    public record Upsert(String sql, List<Value> params) {}

    /**
     * The statement that records, in the transaction it runs in, that {@code lane} applies
     * {@code applied} of the unit ending at {@code unitLast}: the lane's first statement, sent in
     * one packet with its first rows. It counts 1 row (a new record) or 2 (one of an older unit).
     */
    public static Upsert record(CheckpointKey key, int lane, Seq unitLast, List<Seq> applied) {
        return new Upsert(UPSERT, List.of(new Value.Text(key.task()), new Value.Text(key.direction().code()),
                new Value.Text(key.group()), new Value.Int(lane), new Value.Text(unitLast.text()),
                new Value.Text(encode(applied))));
    }

    /**
     * The transactions lanes committed after {@code checkpoint}, the group's applied seq: those of
     * a unit the crash interrupted. Empty in the common case (every unit completed).
     */
    public static Set<Seq> committedAfter(Connection c, CheckpointKey key, Seq checkpoint) throws SQLException {
        Set<Seq> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT applied FROM `duplex`.`apply_lane`"
                + " WHERE task = ? AND direction = ? AND grp = ? AND unit_last > ?")) {
            ps.setString(1, key.task());
            ps.setString(2, key.direction().code());
            ps.setString(3, key.group());
            ps.setString(4, checkpoint.text());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (Seq s : decode(rs.getString(1))) {
                        if (s.compareTo(checkpoint) > 0) {
                            out.add(s);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Removes every lane record of {@code task} on this node (a task reset); returns how many. */
    public static int delete(Connection c, String task) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM `duplex`.`apply_lane` WHERE task = ?")) {
            ps.setString(1, task);
            return ps.executeUpdate();
        }
    }

    /**
     * A compact text of seqs in ascending order: a seq in the file and phase of the one before is
     * written as the distance from its position (base 36, {@code +}), otherwise in full
     * (file/phase/pos); a fragment index other than 0 follows after a dot. Some 3 bytes per
     * transaction instead of Seq.text()'s 37, so the record stays small in the binlog.
     */
    static String encode(List<Seq> seqs) {
        StringBuilder sb = new StringBuilder(seqs.size() * 4);
        Seq prev = null;
        for (Seq s : seqs) {
            if (prev != null && s.compareTo(prev) <= 0) {
                throw new IllegalArgumentException("lane seqs must ascend: " + prev + " then " + s);
            }
            sb.append(sb.isEmpty() ? "" : ",");
            if (prev != null && prev.file() == s.file() && prev.phase() == s.phase()) {
                sb.append('+').append(Long.toString(s.pos() - prev.pos(), 36));
            } else {
                sb.append(Long.toString(s.file(), 36)).append('/').append(s.phase()).append('/')
                        .append(Long.toString(s.pos(), 36));
            }
            if (s.sub() != 0) {
                sb.append('.').append(Long.toString(s.sub(), 36));
            }
            prev = s;
        }
        return sb.toString();
    }

    static List<Seq> decode(String text) {
        List<Seq> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        Seq prev = null;
        for (String item : text.split(",")) {
            int dot = item.indexOf('.');
            String head = dot < 0 ? item : item.substring(0, dot);
            long sub = dot < 0 ? 0 : Long.parseLong(item.substring(dot + 1), 36);
            Seq s;
            if (head.startsWith("+")) {
                if (prev == null) {
                    throw new IllegalArgumentException("lane record starts with a relative seq: " + item);
                }
                s = new Seq(prev.file(), prev.pos() + Long.parseLong(head.substring(1), 36), prev.phase(), sub);
            } else {
                String[] parts = head.split("/");
                s = new Seq(Long.parseLong(parts[0], 36), Long.parseLong(parts[2], 36), Integer.parseInt(parts[1]), sub);
            }
            out.add(s);
            prev = s;
        }
        return out;
    }
}
