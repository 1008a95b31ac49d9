package dev.duplex.apply.parallel;

import dev.duplex.apply.sql.TableInfo;
import dev.duplex.core.model.Transaction;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a unit's transactions split into lanes: transactions that share a key token
 * ({@link KeyTokens}), directly or through others, form one component and go to one lane in
 * source order; components are dealt to the lane with the fewest row changes so far.
 *
 * @param lanes the transactions of each lane in source order; never empty lanes; at least two from
 *              {@link #of}, one from {@link #single} (a segment of a {@link UnitPlan} that cannot spread)
 */
public record LanePlan(List<List<Transaction>> lanes) {

    /** The target's definition of a table, for its unique keys. */
    @FunctionalInterface
    public interface Tables {
        TableInfo get(String database, String table) throws SQLException;
    }

    public LanePlan {
        lanes = lanes.stream().map(List::copyOf).toList();
    }

    /** Every transaction in one lane, in source order. */
    public static LanePlan single(List<Transaction> txs) {
        return new LanePlan(List.of(txs));
    }

    /**
     * The plan for {@code txs} over at most {@code maxLanes} lanes, and at most one per
     * {@code minRowsPerLane} row changes (a lane costs a commit and a round trip of its own, which
     * a small unit does not win back); empty when fewer than two lanes would have work.
     */
    public static Optional<LanePlan> of(List<Transaction> txs, int maxLanes, int minRowsPerLane, Tables tables)
            throws SQLException {
        return of(txs, TxKeys.of(txs, tables), maxLanes, minRowsPerLane);
    }

    /** The same, from the keys of each transaction ({@code keys.get(i)} of {@code txs.get(i)}). */
    static Optional<LanePlan> of(List<Transaction> txs, List<TxKeys> keys, int maxLanes, int minRowsPerLane) {
        int rows = keys.stream().mapToInt(TxKeys::rows).sum();
        maxLanes = Math.min(maxLanes, rows / Math.max(1, minRowsPerLane));
        if (maxLanes < 2 || txs.size() < 2) {
            return Optional.empty();
        }
        DependencyGraph graph = new DependencyGraph(txs.size());
        int[] weight = new int[txs.size()];
        for (int i = 0; i < txs.size(); i++) {
            keys.get(i).replay(graph, i);
            weight[i] = keys.get(i).rows();
        }
        int[] component = graph.components();
        Map<Integer, Integer> laneOf = new LinkedHashMap<>();
        int[] componentRows = new int[txs.size()];
        for (int i = 0; i < txs.size(); i++) {
            componentRows[component[i]] += weight[i];
        }
        long[] laneRows = new long[maxLanes];
        List<List<Transaction>> lanes = new ArrayList<>();
        for (int i = 0; i < maxLanes; i++) {
            lanes.add(new ArrayList<>());
        }
        for (int i = 0; i < txs.size(); i++) {
            Integer lane = laneOf.get(component[i]);
            if (lane == null) {
                lane = lightest(laneRows);
                laneOf.put(component[i], lane);
                laneRows[lane] += componentRows[component[i]];
            }
            lanes.get(lane).add(txs.get(i));
        }
        lanes.removeIf(List::isEmpty);
        return lanes.size() < 2 ? Optional.empty() : Optional.of(new LanePlan(lanes));
    }

    private static int lightest(long[] rows) {
        int best = 0;
        for (int i = 1; i < rows.length; i++) {
            if (rows[i] < rows[best]) {
                best = i;
            }
        }
        return best;
    }
}
