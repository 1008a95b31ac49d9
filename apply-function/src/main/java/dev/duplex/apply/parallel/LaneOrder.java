package dev.duplex.apply.parallel;

import dev.duplex.core.model.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which earlier lanes of a unit each lane must wait for: a lane of a later segment starts once
 * every lane it shares a key with has committed, and not, as a barrier would have it, once every
 * lane of the segment before has. Two transactions are ordered exactly where a segment's
 * {@link DependencyGraph} would join them: a shared key token, or a group that is a wildcard; a
 * wildcard anywhere in the unit counts in every segment (coarser, never finer). Lanes of one
 * segment share nothing, so they never wait for one another.
 */
final class LaneOrder {
    private LaneOrder() {}

    /**
     * For each lane of {@code segments}, numbered in order (the first segment's lanes, then the
     * next one's), the numbers of the earlier lanes it waits for.
     */
    static List<Set<Integer>> waits(List<LanePlan> segments, IdentityHashMap<Transaction, TxKeys> keys) {
        Set<String> wild = new HashSet<>();
        keys.values().forEach(k -> wild.addAll(k.wildcards()));
        Map<String, Integer> lastToken = new HashMap<>();
        Map<String, Integer> lastWildMember = new HashMap<>();
        List<Set<Integer>> out = new ArrayList<>();
        int lane = 0;
        for (LanePlan segment : segments) {
            for (List<Transaction> txs : segment.lanes()) {
                Set<Integer> after = new TreeSet<>();
                for (Transaction tx : txs) {
                    TxKeys k = keys.get(tx);
                    for (String token : k.tokens()) {
                        follow(lastToken.put(token, lane), lane, after);
                    }
                    for (String group : k.members()) {
                        if (wild.contains(group)) {
                            follow(lastWildMember.put(group, lane), lane, after);
                        }
                    }
                }
                out.add(after);
                lane++;
            }
        }
        return out;
    }

    /** The last lane before to touch a key is enough: it waited for the ones before it. */
    private static void follow(Integer previous, int lane, Set<Integer> after) {
        if (previous != null && previous != lane) {
            after.add(previous);
        }
    }
}
