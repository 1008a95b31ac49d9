package dev.duplex.apply.parallel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which transactions of a unit must keep their source order: union-find over transaction indexes.
 * Two transactions are joined when they name the same key token; a group (a table, or one unique
 * key of it) with a wildcard joins every transaction that touched the group, for a key whose value
 * cannot be compared safely (a collation may call two different texts equal) or a table whose rows
 * have no usable key.
 */
final class DependencyGraph implements KeyRegistry {
    private final int[] parent;
    private final Map<String, Integer> tokenOwner = new HashMap<>();
    private final Map<String, List<Integer>> members = new HashMap<>();
    private final Map<String, Boolean> wild = new HashMap<>();

    DependencyGraph(int transactions) {
        parent = new int[transactions];
        for (int i = 0; i < transactions; i++) {
            parent[i] = i;
        }
    }

    @Override
    public void member(String group, int tx) {
        members.computeIfAbsent(group, g -> new ArrayList<>()).add(tx);
    }

    @Override
    public void token(String token, int tx) {
        Integer owner = tokenOwner.putIfAbsent(token, tx);
        if (owner != null) {
            union(owner, tx);
        }
    }

    @Override
    public void wildcard(String group) {
        wild.put(group, Boolean.TRUE);
    }

    /** The component (its smallest-index root) of each transaction, after the wildcards are joined. */
    int[] components() {
        for (String group : wild.keySet()) {
            List<Integer> m = members.getOrDefault(group, List.of());
            for (int i = 1; i < m.size(); i++) {
                union(m.get(0), m.get(i));
            }
        }
        int[] out = new int[parent.length];
        for (int i = 0; i < parent.length; i++) {
            out[i] = find(i);
        }
        return out;
    }

    private int find(int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            // The smaller index is the root: a component is named by its first transaction.
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
