package dev.duplex.core.filter;

import dev.duplex.core.model.Op;
import dev.duplex.core.model.Value;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A parsed WHERE filter of one table, or {@link #all()} when the table has none.
 *
 * <p>Column names match case-insensitively, as MySQL column names do. String comparison is
 * case-insensitive (MySQL's default collations); binary collations of text columns are not
 * honoured, but BINARY/BLOB columns compare byte-exact.
 */
public final class WhereFilter {

    /**
     * How deeply parentheses and NOT may nest (64 levels; a real filter needs a handful). The
     * parser, the evaluator and the SQL renderer recurse on the tree, and a filter may come from
     * an untrusted request: without a bound, deep nesting overflows the stack.
     */
    public static final int MAX_NESTING = 64;

    private static final WhereFilter ALL = new WhereFilter("", null);

    private final String text;
    private final Expr expression;

    private WhereFilter(String text, Expr expression) {
        this.text = text;
        this.expression = expression;
    }

    /** Parses filter text, e.g. {@code region = 'EU' AND deleted_at IS NULL}. */
    public static WhereFilter parse(String text) throws WhereParseException {
        Expr parsed = WhereParser.parse(text);
        return new WhereFilter(text.strip(), parsed);
    }

    /** The filter that selects every row. */
    public static WhereFilter all() {
        return ALL;
    }

    public boolean isAll() {
        return expression == null;
    }

    /** The filter as the user wrote it (trimmed); "" for {@link #all()}. */
    public String text() {
        return text;
    }

    /** The syntax tree; empty for {@link #all()}. */
    public Optional<Expr> expression() {
        return Optional.ofNullable(expression);
    }

    /**
     * The filter as a SQL condition rendered from its parsed tree, never from its text, with
     * its literals as parameters; {@code TRUE} for {@link #all()}. Every statement that puts a
     * filter into SQL goes through here.
     */
    public WhereSql sql() {
        return expression == null ? WhereSql.TRUE : WhereSql.render(expression);
    }

    /** Columns the filter reads. */
    public Set<String> columns() {
        return expression == null ? Set.of() : expression.columns();
    }

    /** The filter's value for {@code row} by the rules of the server the row comes from. */
    public Truth evaluate(Function<String, Value> row, Dialect dialect) {
        return expression == null ? Truth.TRUE : WhereEvaluator.evaluate(expression, row, dialect);
    }

    /** Whether the row is selected: the filter is TRUE (not FALSE, not unknown). */
    public boolean matches(Function<String, Value> row, Dialect dialect) {
        return evaluate(row, dialect) == Truth.TRUE;
    }

    public boolean matches(Map<String, Value> row, Dialect dialect) {
        return matches(lookup(row), dialect);
    }

    /**
     * What a row change becomes on the target once filtered: an UPDATE that moves a row into
     * the filter is an INSERT, one that moves it out is a DELETE; a change that never touches a
     * selected row is dropped (empty).
     */
    public Optional<Op> effectiveOp(Op op, Function<String, Value> before, Function<String, Value> after,
                                    Dialect dialect) {
        if (expression == null) {
            return Optional.of(op);
        }
        boolean was = op != Op.INSERT && matches(before, dialect);
        boolean is = op != Op.DELETE && matches(after, dialect);
        if (was && is) {
            return Optional.of(op);
        }
        if (was) {
            return Optional.of(Op.DELETE);
        }
        return is ? Optional.of(Op.INSERT) : Optional.empty();
    }

    /** A case-insensitive column lookup over a map image. */
    public static Function<String, Value> lookup(Map<String, Value> row) {
        return name -> {
            Value v = row.get(name);
            if (v != null) {
                return v;
            }
            for (var e : row.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        };
    }

    /** A case-insensitive column lookup over an image aligned with {@code columns}. */
    public static Function<String, Value> lookup(List<String> columns, List<Value> image) {
        Objects.requireNonNull(image, "image");
        return name -> {
            int i = columns.indexOf(name);
            for (int j = 0; i < 0 && j < columns.size(); j++) {
                if (columns.get(j).equalsIgnoreCase(name)) {
                    i = j;
                }
            }
            return i < 0 ? null : image.get(i);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WhereFilter w && w.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return isAll() ? "WhereFilter[all]" : "WhereFilter[" + text + "]";
    }
}
