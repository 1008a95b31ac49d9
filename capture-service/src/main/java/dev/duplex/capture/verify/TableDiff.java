package dev.duplex.capture.verify;

import java.util.List;

/**
 * The outcome of comparing one table on both nodes.
 *
 * @param method how it was compared, e.g. "12 chunks, 1 compared by rows"
 * @param keys   every key whose rows differ or exist on one node only
 */
public record TableDiff(TablePair table, String method, long rowsA, long rowsB, List<KeyDiff> keys) {
    public TableDiff {
        keys = List.copyOf(keys);
    }

    public boolean equal() {
        return keys.isEmpty();
    }

    public long differences() {
        return keys.size();
    }

    /** The first {@code limit} differing keys, each as "(k1, k2) only on a|only on b|differs". */
    public List<String> sampleKeys(int limit) {
        return keys.stream().limit(limit).map(k -> k.keyText() + " " + k.kind()).toList();
    }

    /** The first five differing keys (test diagnostics). */
    public List<String> sampleKeys() {
        return sampleKeys(5);
    }

    public TableDiff withKeys(List<KeyDiff> stillDiffering) {
        return new TableDiff(table, method, rowsA, rowsB, stillDiffering);
    }
}
