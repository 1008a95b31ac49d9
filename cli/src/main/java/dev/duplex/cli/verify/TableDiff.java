package dev.duplex.cli.verify;

import java.util.List;

/**
 * The outcome of comparing one table on both nodes.
 *
 * @param method        "checksum" when CHECKSUM TABLE matched, "rows" after a row-by-row comparison
 * @param differences   number of keys whose rows differ or exist on one side only
 * @param sampleKeys    up to a limit of those keys, each as "(k1, k2) only on a|only on b|differs"
 */
public record TableDiff(TablePair table, String method, long rowsA, long rowsB, long differences,
                        List<String> sampleKeys) {
    public boolean equal() {
        return differences == 0;
    }
}
