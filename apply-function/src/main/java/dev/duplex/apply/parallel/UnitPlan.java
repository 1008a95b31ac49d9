package dev.duplex.apply.parallel;

import dev.duplex.core.model.Transaction;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a large unit goes in lanes: consecutive segments of about {@code segmentRows} row changes,
 * each split into lanes by its own {@link LanePlan} and committed before the next begins, so a
 * later segment sees what an earlier one wrote. A unit of ten full messages holds thousands of
 * transactions, and over that many the keys of a skewed workload (a few hot rows) join nearly
 * every transaction into one component, which one lane would then apply alone while the others
 * wait; a segment keeps the components small enough to spread. A segment that cannot be spread
 * (one component, or too few rows) goes in one lane. Segments are not barriers: a lane waits only
 * for the earlier lanes it shares a key with ({@link LaneOrder}), so a long lane of one segment
 * holds up only what depends on it.
 *
 * @param segments the plan of each segment, in source order; each lane plan may have one lane
 * @param waits    for each lane, numbered over the segments in order, the earlier lanes it waits for
 */
public record UnitPlan(List<LanePlan> segments, List<Set<Integer>> waits) {

    public UnitPlan {
        segments = List.copyOf(segments);
        waits = waits.stream().map(Set::copyOf).toList();
    }

    /** Lane {@code n}, numbered over the segments in order. */
    public List<Transaction> lane(int n) {
        for (LanePlan s : segments) {
            if (n < s.lanes().size()) {
                return s.lanes().get(n);
            }
            n -= s.lanes().size();
        }
        throw new IndexOutOfBoundsException("no lane " + n);
    }

    /** Row changes a segment should have, per lane: the lanes' commits are then a small part of it. */
    public static final int SEGMENT_ROWS_PER_LANE = 400;

    /**
     * The plan for {@code txs}; empty when it would be a single segment in a single lane (the
     * caller's one connection does that with one commit less).
     */
    public static Optional<UnitPlan> of(List<Transaction> txs, int maxLanes, int minRowsPerLane, int segmentRows,
                                        LanePlan.Tables tables) throws SQLException {
        IdentityHashMap<Transaction, TxKeys> keys = new IdentityHashMap<>();
        for (Transaction tx : txs) {
            keys.put(tx, TxKeys.of(tx, tables));
        }
        List<LanePlan> segments = new ArrayList<>();
        for (List<Transaction> part : split(txs, segmentRows)) {
            List<TxKeys> partKeys = part.stream().map(keys::get).toList();
            segments.add(LanePlan.of(part, partKeys, maxLanes, minRowsPerLane).orElseGet(() -> LanePlan.single(part)));
        }
        if (segments.size() == 1 && segments.get(0).lanes().size() < 2) {
            return Optional.empty();
        }
        return Optional.of(new UnitPlan(segments, LaneOrder.waits(segments, keys)));
    }

    /** The largest number of lanes of any segment. */
    public int width() {
        return segments.stream().mapToInt(s -> s.lanes().size()).max().orElse(0);
    }

    /**
     * Consecutive runs of at least {@code segmentRows} row changes (a transaction is never cut);
     * a last run of less than half that joins the one before.
     */
    static List<List<Transaction>> split(List<Transaction> txs, int segmentRows) {
        List<List<Transaction>> out = new ArrayList<>();
        List<Transaction> run = new ArrayList<>();
        int rows = 0;
        for (Transaction tx : txs) {
            run.add(tx);
            rows += tx.rowCount();
            if (rows >= segmentRows) {
                out.add(run);
                run = new ArrayList<>();
                rows = 0;
            }
        }
        if (!run.isEmpty()) {
            if (!out.isEmpty() && rows < segmentRows / 2) {
                out.get(out.size() - 1).addAll(run);
            } else {
                out.add(run);
            }
        }
        return out;
    }
}
