package dev.duplex.capture.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The column names in a statement's expressions (defaults, generated columns, checks, functional
 * key parts, partitioning): names that are columns of the table, not followed by '(' (a
 * function) and not part of a qualified name. Matching the table's known columns rather than
 * guessing from keywords keeps {@code INTERVAL 1 DAY}, {@code CAST(x AS DATE)} and the like as written.
 */
final class ExpressionColumns {
    private ExpressionColumns() {}

    /** @param known the table's column names, lower case */
    static List<Token> in(Ddl ddl, Set<String> known) {
        List<Token> tokens = ddl.tokens();
        List<Token> out = new ArrayList<>();
        for (int[] range : ddl.expressions()) {
            for (int k = range[0]; k < range[1] && k < tokens.size(); k++) {
                Token t = tokens.get(k);
                if (!t.isName() || !known.contains(t.name().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                Token next = k + 1 < tokens.size() ? tokens.get(k + 1) : null;
                Token prev = k > 0 ? tokens.get(k - 1) : null;
                boolean call = next != null && (next.isSymbol("(") || next.isSymbol("."));
                boolean member = prev != null && prev.isSymbol(".");
                if (!call && !member && !out.contains(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
