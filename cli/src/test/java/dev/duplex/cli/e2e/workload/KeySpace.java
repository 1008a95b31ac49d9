package dev.duplex.cli.e2e.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The live row numbers one node owns in one table, with O(1) add, remove and random pick. */
final class KeySpace {
    private final List<Long> keys = new ArrayList<>();
    private final Map<Long, Integer> index = new HashMap<>();
    private long nextOrdinal;

    /** The next unused row number of this node: odd on a (parity 1), even on b (parity 0). */
    long next(int parity) {
        return 2 * nextOrdinal++ + (parity == 1 ? 1 : 2);
    }

    boolean contains(long n) {
        return index.containsKey(n);
    }

    void add(long n) {
        if (!index.containsKey(n)) {
            index.put(n, keys.size());
            keys.add(n);
        }
    }

    void remove(long n) {
        Integer i = index.remove(n);
        if (i != null) {
            long last = keys.remove(keys.size() - 1);
            if (i < keys.size()) {
                keys.set(i, last);
                index.put(last, i);
            }
        }
    }

    int size() {
        return keys.size();
    }

    /** Up to {@code count} distinct live row numbers. */
    List<Long> pick(Random r, int count) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count * 3 && out.size() < Math.min(count, keys.size()); i++) {
            long n = keys.get(r.nextInt(keys.size()));
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    List<Long> all() {
        return List.copyOf(keys);
    }
}
