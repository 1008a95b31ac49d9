package dev.duplex.capture.ddl;

import dev.duplex.core.config.TableSelection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which pieces of a CREATE TABLE, ALTER TABLE or CREATE INDEX node b does not get:
 *
 * <ul>
 *   <li>on a table with a column list: a column clause or definition naming a column outside
 *       the list (key columns always count as selected), also in its expression (a generated
 *       column, a default, a check), an index, key, check or ORDER BY over such a column; a kept clause's {@code AFTER col} when col is outside the list;</li>
 *   <li>on any table: a foreign key whose parent table is not synchronized.</li>
 * </ul>
 *
 * Dropping an index or constraint by name, table options and everything else is kept.
 */
final class PartFilter {
    private final Ddl ddl;
    private final TableSelection selection;
    private final Set<String> key;
    private final Set<String> known;
    private final Predicate<ObjectRef> parentSelected;

    /**
     * @param key            the table's identifying key columns (lower case)
     * @param known          the table's column names (lower case), to find them in expressions
     * @param parentSelected whether a foreign key's parent table is synchronized
     */
    PartFilter(Ddl ddl, TableSelection selection, Set<String> key, Set<String> known,
               Predicate<ObjectRef> parentSelected) {
        this.ddl = ddl;
        this.selection = selection;
        this.key = key;
        this.known = known;
        this.parentSelected = parentSelected;
    }

    /** Whether the piece stays. */
    boolean keeps(Part p) {
        return switch (p.kind()) {
            case ORDER -> allSelected(p.columns());
            case COLUMN -> allSelected(p.columns()) && allSelected(expressionColumns(p));
            case INDEX -> allSelected(p.columns()) && allSelected(expressionColumns(p))
                    && p.tables().stream().allMatch(parentSelected);
            default -> true;
        };
    }

    /** Whether a kept clause's AFTER names a column node b does not have. */
    boolean dropsAfter(Part p) {
        return p.afterColumn() != null && !selected(p.afterColumn());
    }

    private boolean allSelected(Set<String> columns) {
        return columns.stream().allMatch(this::selected);
    }

    private boolean selected(String column) {
        return selection.selectsColumn(column) || key.contains(column.toLowerCase(Locale.ROOT));
    }

    /** Known columns named inside the expressions of {@code p} (a CHECK, a functional key part). */
    private Set<String> expressionColumns(Part p) {
        Set<String> out = new HashSet<>();
        for (Token t : ExpressionColumns.in(ddl, known)) {
            int index = ddl.tokens().indexOf(t);
            if (index >= p.from() && index < p.to()) {
                out.add(t.name());
            }
        }
        return out;
    }

    /** The pieces of a comma-separated list, as they stand; used to cut out the ones left out. */
    static void cut(List<Token> tokens, List<Part> parts, Predicate<Part> keep, Edits edits) {
        int firstKept = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (keep.test(parts.get(i))) {
                firstKept = i;
                break;
            }
        }
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (keep.test(p)) {
                continue;
            }
            if (firstKept < 0 || i < firstKept) {
                // Before the first kept piece: up to the next piece, its comma included.
                int end = i + 1 < parts.size() ? tokens.get(parts.get(i + 1).from()).start() : tokens.get(p.to() - 1).end();
                edits.remove(tokens.get(p.from()).start(), end);
            } else {
                // After a kept piece: from the comma before it.
                int comma = p.from() - 1;
                int start = comma >= 0 && tokens.get(comma).isSymbol(",") ? tokens.get(comma).start()
                        : tokens.get(p.from()).start();
                edits.remove(start, tokens.get(p.to() - 1).end());
            }
        }
    }
}
