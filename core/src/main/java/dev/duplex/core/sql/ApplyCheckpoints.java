package dev.duplex.core.sql;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.model.ResumePoint;
import dev.duplex.core.model.Seq;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * duplex.apply_checkpoint on the target: the exactly-once guard and, because it is written first
 * in every applied transaction, the loop-prevention marker the target's capture looks for. The
 * only reader and writer of that table.
 *
 * <p>Per group it keeps the seq of the last applied transaction, the chain it belongs to, the
 * source server it came from, and where the source's capture resumes to re-send anything after
 * it (the position after that transaction, or the start of a transaction only partly applied),
 * and the chains {@code duplex task recover} ended, each with the seq from which the rewound
 * capture sends its transactions again ({@link Retired}).
 */
public final class ApplyCheckpoints {
    private static final String COLUMNS = "seq, chain, source_id, source_file, source_pos, source_gtid, retired_chains";
    /**
     * How many retired chains a group remembers: enough for recoveries run while old messages still
     * queue, and as many entries of 23 + 1 + 37 characters as retired_chains' 255 hold.
     */
    private static final int RETIRED_KEPT = 4;
    private static final String SELECT = "SELECT " + COLUMNS + " FROM `duplex`.`apply_checkpoint`"
            + " WHERE task = ? AND direction = ? AND grp = ?";
    private static final String UPSERT = "INSERT INTO `duplex`.`apply_checkpoint`"
            + " (task, direction, grp, seq, source_file, source_pos, source_gtid, chain, source_id, applied_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE"
            + " seq = ?, source_file = ?, source_pos = ?, source_gtid = ?, chain = ?, source_id = ?,"
            + " applied_at = UTC_TIMESTAMP(6)";

    /**
     * A group's checkpoint as stored.
     *
     * @param chain  the chain of the last applied message; empty before the first, or when it was
     *               applied by a build without chains (format 1)
     * @param source the source server identity; empty as {@code chain}
     * @param resume where the source's capture resumes; null before the first message
     * @param retired chains ended by {@code duplex task recover}, newest first
     */
    public record Applied(Seq seq, String chain, String source, BinlogPosition resume, List<Retired> retired) {
        public static final Applied NOTHING = new Applied(Seq.ZERO, "", "", null);

        public Applied {
            retired = retired == null ? List.of() : List.copyOf(retired);
        }

        public Applied(Seq seq, String chain, String source, BinlogPosition resume) {
            this(seq, chain, source, resume, List.of());
        }

        /** The entry of {@code chainId} if recover ended that chain. */
        public Optional<Retired> retiredChain(String chainId) {
            return retired.stream().filter(r -> r.chain().equals(chainId)).findFirst();
        }

        /** What the source's capture continues from, empty before anything was applied. */
        public Optional<ResumePoint> resumePoint() {
            return resume == null ? Optional.empty() : Optional.of(new ResumePoint(resume, seq, chain, source));
        }
    }

    /**
     * A chain {@code duplex task recover} ended. The rewound capture reads the binlog again from the
     * recover's resume point and sends every transaction from {@code resentFrom} on under the new
     * chain; the old chain's transactions before it are not sent again, so those its queued
     * messages still carry are applied from them (a group that had applied nothing, whose messages
     * waited behind the stop, holds such). Stored as {@code chain@seq}; an entry without a seq
     * (written by an older build) counts as sent again from {@link Seq#ZERO}: all of it.
     */
    public record Retired(String chain, Seq resentFrom) {
        static Retired parse(String entry) {
            int at = entry.indexOf('@');
            return at < 0 ? new Retired(entry, Seq.ZERO)
                    : new Retired(entry.substring(0, at), Seq.parse(entry.substring(at + 1)));
        }
    }

    private ApplyCheckpoints() {}

    /**
     * Locks the group's row for the rest of the current transaction and returns it. A missing
     * row is created at {@link Seq#ZERO} in a transaction of its own first, so that two first
     * messages never race on an insert.
     */
    public static Applied lock(Connection c, CheckpointKey key) throws SQLException {
        Optional<Applied> row = select(c, key, true);
        if (row.isPresent()) {
            return row.get();
        }
        c.rollback();
        insertNothingApplied(c, key);
        c.commit();
        return select(c, key, true).orElseThrow(() -> new SQLException("apply checkpoint row vanished"));
    }

    /** The stored checkpoint without locking, for status and tests. */
    public static Optional<Applied> read(Connection c, CheckpointKey key) throws SQLException {
        return select(c, key, false);
    }

    /** Every group's checkpoint of one direction of a task that applied something. */
    public static List<Applied> readDirection(Connection c, String task, Direction direction) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM `duplex`.`apply_checkpoint`"
                + " WHERE task = ? AND direction = ? AND source_file <> ''")) {
            ps.setString(1, task);
            ps.setString(2, direction.code());
            try (ResultSet rs = ps.executeQuery()) {
                List<Applied> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(applied(rs));
                }
                return out;
            }
        }
    }

    /** Each group's applied seq for one direction of a task, by group (a group not yet applied has none). */
    public static Map<String, Seq> seqsByGroup(Connection c, String task, Direction direction) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT grp, seq FROM `duplex`.`apply_checkpoint`"
                + " WHERE task = ? AND direction = ?")) {
            ps.setString(1, task);
            ps.setString(2, direction.code());
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, Seq> out = new HashMap<>();
                while (rs.next()) {
                    out.put(rs.getString(1), Seq.parse(rs.getString(2)));
                }
                return out;
            }
        }
    }

    /**
     * Where the direction's capture may resume so that no group misses anything: the earliest
     * resume position over its groups (every other group applied up to a later position, so its
     * own seq check drops what it has), with the default group's own seq, which its chain
     * continues from ({@link Seq#ZERO} when it applied nothing). Another group's seq would not do:
     * the default group's first message would name a predecessor it never applied, and stop as a
     * hole. The other groups' chains start after {@link Seq#ZERO}. Empty before anything was applied.
     */
    public static Optional<ResumePoint> earliestResumePoint(Connection c, String task, Direction direction)
            throws SQLException {
        Optional<ResumePoint> earliest = readDirection(c, task, direction).stream()
                .flatMap(a -> a.resumePoint().stream()).min(Comparator.comparing(ResumePoint::position));
        if (earliest.isEmpty()) {
            return earliest;
        }
        Seq own = read(c, new CheckpointKey(task, direction, QueueNames.defaultGroup(direction)))
                .filter(a -> a.resume() != null).map(Applied::seq).orElse(Seq.ZERO);
        ResumePoint p = earliest.get();
        return Optional.of(new ResumePoint(p.position(), own, p.chain(), p.source()));
    }

    /**
     * {@link #earliestResumePoint(Connection, String, Direction)}, held back further to where each
     * group of {@code sentFrom} that applied nothing yet began (the capture checkpoint's
     * {@code groupStarts}): its messages were sent, and a queue that kept nothing ({@code duplex
     * local} after a crash) no longer has them, while every other group may have applied past them.
     */
    public static Optional<ResumePoint> earliestResumePoint(Connection c, String task, Direction direction,
                                                            Map<String, BinlogPosition> sentFrom) throws SQLException {
        Optional<ResumePoint> earliest = earliestResumePoint(c, task, direction);
        if (earliest.isEmpty() || sentFrom.isEmpty()) {
            return earliest;
        }
        Map<String, Seq> applied = seqsByGroup(c, task, direction); // Seq.ZERO: a row, nothing applied
        ResumePoint p = earliest.get();
        BinlogPosition from = p.position();
        for (Map.Entry<String, BinlogPosition> sent : sentFrom.entrySet()) {
            boolean none = applied.getOrDefault(sent.getKey(), Seq.ZERO).equals(Seq.ZERO);
            if (none && sent.getValue().compareTo(from) < 0) {
                from = sent.getValue();
            }
        }
        return Optional.of(from == p.position() ? p : new ResumePoint(from, p.lastSeq(), p.chain(), p.source()));
    }

    /**
     * The furthest source position any group of the direction applied up to (its resume position),
     * read without locking; empty before the first applied batch, also while the target has no
     * duplex schema yet (it appears with the first one).
     */
    public static Optional<BinlogPosition> latest(Connection c, String task, Direction direction) throws SQLException {
        try {
            return readDirection(c, task, direction).stream().map(Applied::resume).filter(Objects::nonNull)
                    .max(BinlogPosition::compareTo);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) { // ER_NO_SUCH_TABLE, ER_BAD_DB_ERROR
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Ends the chains a direction applies from and continues each group under {@code newChain} (for
     * {@code duplex task recover}): the rewound capture sends from where the group stands under the
     * new chain. Of the old chains' messages still queued, the transactions from {@code resentFrom}
     * on are dropped (they come again) and those before it are applied ({@link Retired}). A group
     * that applied nothing yet gets the direction's retired chains when its row is created.
     * Returns how many groups now continue under it.
     *
     * @param alsoRetire the chain the capture sent under, retired too where a group never applied it
     * @param resentFrom the seq of the first transaction at the rewound capture's start position
     */
    public static int retireChains(Connection c, String task, Direction direction, String group, String newChain,
                                   String alsoRetire, Seq resentFrom) throws SQLException {
        insertNothingApplied(c, new CheckpointKey(task, direction, group));
        String at = "@" + resentFrom.text();
        try (PreparedStatement ps = c.prepareStatement("UPDATE `duplex`.`apply_checkpoint` SET retired_chains ="
                + " SUBSTRING_INDEX(CONCAT_WS(',', IF(chain = '', NULL, CONCAT(chain, ?)),"
                + " IF(? = '' OR ? = chain, NULL, CONCAT(?, ?)), NULLIF(retired_chains, '')), ',', ?), chain = ?"
                + " WHERE task = ? AND direction = ?")) {
            ps.setString(1, at);
            ps.setString(2, alsoRetire);
            ps.setString(3, alsoRetire);
            ps.setString(4, alsoRetire);
            ps.setString(5, at);
            ps.setInt(6, RETIRED_KEPT);
            ps.setString(7, newChain);
            ps.setString(8, task);
            ps.setString(9, direction.code());
            return ps.executeUpdate();
        }
    }

    /** Removes every checkpoint of {@code task} on this node (a task reset); returns how many. */
    public static int delete(Connection c, String task) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM `duplex`.`apply_checkpoint` WHERE task = ?")) {
            ps.setString(1, task);
            return ps.executeUpdate();
        }
    }

    /**
     * Writes the group's checkpoint in the current transaction.
     *
     * @param resume where the source's capture resumes after this: see {@link Applied#resume}
     * @param chain  the message's chain, null for a format 1 message (the stored chain is kept, as for
     *               a retired one)
     */
    public static void write(Connection c, CheckpointKey key, Seq seq, BinlogPosition resume, Batch.Chain chain,
                             Applied before) throws SQLException {
        // A retired chain's transactions from before the rewind point do not make it the group's chain again.
        boolean keep = chain == null || before.retiredChain(chain.id()).isPresent();
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            bindKey(ps, key, 1);
            // The same six values for the insert and for the update of an existing row.
            for (int at : new int[] {4, 10}) {
                ps.setString(at, seq.text());
                ps.setString(at + 1, resume.file());
                ps.setLong(at + 2, resume.pos());
                ps.setString(at + 3, resume.gtidSet());
                ps.setString(at + 4, keep ? before.chain() : chain.id());
                ps.setString(at + 5, keep ? before.source() : chain.source());
            }
            ps.executeUpdate();
        }
    }

    /** The group's row at {@link Seq#ZERO}, unless it exists. */
    /**
     * A group's first row, at {@link Seq#ZERO}, knowing the chains the direction retired: a group
     * that applied nothing before {@code duplex task recover} had no row to mark them in, and an
     * old message of it still queued would otherwise be applied and store the old chain, which the
     * re-sent messages of the new chain could not continue. The direction's default group always
     * has a row after a recover ({@link #retireChains}).
     */
    private static void insertNothingApplied(Connection c, CheckpointKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO `duplex`.`apply_checkpoint`"
                + " (task, direction, grp, seq, retired_chains, applied_at) SELECT ?, ?, ?, ?,"
                + " COALESCE(MAX(retired_chains), ''), UTC_TIMESTAMP(6) FROM `duplex`.`apply_checkpoint`"
                + " WHERE task = ? AND direction = ? AND grp = ?")) {
            bindKey(ps, key, 1);
            ps.setString(4, Seq.ZERO.text());
            bindKey(ps, new CheckpointKey(key.task(), key.direction(), QueueNames.defaultGroup(key.direction())), 5);
            ps.executeUpdate();
        }
    }

    private static Optional<Applied> select(Connection c, CheckpointKey key, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + (forUpdate ? " FOR UPDATE" : ""))) {
            bindKey(ps, key, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(applied(rs)) : Optional.empty();
            }
        }
    }

    private static Applied applied(ResultSet rs) throws SQLException {
        String file = rs.getString(4);
        BinlogPosition resume = file == null || file.isEmpty() ? null
                : new BinlogPosition(file, rs.getLong(5), rs.getString(6));
        String retired = rs.getString(7);
        return new Applied(Seq.parse(rs.getString(1)), rs.getString(2), rs.getString(3), resume,
                retired == null || retired.isEmpty() ? List.of()
                        : Arrays.stream(retired.split(",")).map(Retired::parse).toList());
    }

    private static void bindKey(PreparedStatement ps, CheckpointKey key, int first) throws SQLException {
        ps.setString(first, key.task());
        ps.setString(first + 1, key.direction().code());
        ps.setString(first + 2, key.group());
    }
}
