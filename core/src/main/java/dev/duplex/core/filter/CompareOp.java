package dev.duplex.core.filter;

/**
 * Comparison operators of the filter language; {@code !=} and {@code <>} are the same operator.
 * {@code <=>} is MySQL's NULL-safe equality: never unknown, NULL equals NULL.
 */
public enum CompareOp {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), NULL_SAFE_EQ("<=>");

    private final String symbol;

    CompareOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether a comparison result (negative, zero, positive) satisfies this operator. */
    boolean test(int cmp) {
        return switch (this) {
            case EQ, NULL_SAFE_EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
        };
    }
}
