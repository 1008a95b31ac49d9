package dev.duplex.core.filter;

import dev.duplex.core.config.IdentifierRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Recursive-descent parser for the WHERE subset. Precedence follows MySQL, loosest first:
 * OR, AND, NOT, then predicates (comparison, IS, IN, BETWEEN, LIKE), then operands.
 *
 * <p>The parser, the evaluator and the SQL renderer all recurse on the tree, and filters come
 * from callers we do not trust (the precheck endpoint validates whole configs), so the tree's
 * depth is bounded: at most {@link WhereFilter#MAX_NESTING} levels of parentheses and NOT, and
 * a chain of ANDs or ORs is built as a balanced tree (depth log2 of its length), which means
 * the same because both are associative and both evaluate their terms left to right.
 */
final class WhereParser {

    private static final Map<String, CompareOp> COMPARISONS = Map.of(
            "=", CompareOp.EQ, "!=", CompareOp.NE, "<>", CompareOp.NE, "<", CompareOp.LT,
            "<=", CompareOp.LE, ">", CompareOp.GT, ">=", CompareOp.GE, "<=>", CompareOp.NULL_SAFE_EQ);

    /** DECIMAL(65,30), the widest exact number MySQL reads as a literal. */
    private static final int MAX_DIGITS = 65;
    private static final int MAX_FRACTION_DIGITS = 30;

    private final List<WhereToken> tokens;
    private int at;
    private int depth;

    private WhereParser(List<WhereToken> tokens) {
        this.tokens = tokens;
    }

    static Expr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new WhereParseException("the filter is empty", 1, "a condition");
        }
        WhereParser p = new WhereParser(WhereLexer.tokenize(text));
        Expr e = p.or();
        if (p.peek().kind() != WhereToken.Kind.END) {
            throw p.error("unexpected " + p.peek().describe(), "AND, OR or end of input");
        }
        return e;
    }

    private Expr or() {
        List<Expr> terms = new ArrayList<>();
        terms.add(and());
        while (peek().isKeyword("OR")) {
            at++;
            terms.add(and());
        }
        return balanced(terms, 0, terms.size(), Expr.Or::new);
    }

    private Expr and() {
        List<Expr> terms = new ArrayList<>();
        terms.add(not());
        while (peek().isKeyword("AND")) {
            at++;
            terms.add(not());
        }
        return balanced(terms, 0, terms.size(), Expr.And::new);
    }

    /** Joins terms[from, to); two or three terms come out as the usual left-deep tree. */
    private static Expr balanced(List<Expr> terms, int from, int to, BinaryOperator<Expr> join) {
        if (to - from == 1) {
            return terms.get(from);
        }
        int mid = (from + to + 1) >>> 1;
        return join.apply(balanced(terms, from, mid, join), balanced(terms, mid, to, join));
    }

    private Expr not() {
        WhereToken t = peek();
        if (t.isKeyword("NOT")) {
            at++;
            enter(t);
            Expr operand = not();
            depth--;
            return new Expr.Not(operand);
        }
        return predicate();
    }

    /** One more level of nesting, opened by {@code t}: refused beyond the limit. */
    private void enter(WhereToken t) {
        if (++depth > WhereFilter.MAX_NESTING) {
            throw errorAt(t, "the filter nests parentheses and NOT more than " + WhereFilter.MAX_NESTING
                    + " levels deep (the limit)", "at most " + WhereFilter.MAX_NESTING + " nested levels");
        }
    }

    private Expr predicate() {
        Expr left = operand();
        WhereToken t = peek();
        if (t.kind() == WhereToken.Kind.SYMBOL && COMPARISONS.containsKey(t.text())) {
            at++;
            return new Expr.Compare(left, COMPARISONS.get(t.text()), operand());
        }
        if (t.isKeyword("IS")) {
            at++;
            boolean negated = accept("NOT");
            expectKeyword("NULL");
            return new Expr.IsNull(left, negated);
        }
        boolean negated = false;
        if (t.isKeyword("NOT")) {
            at++;
            negated = true;
        }
        Expr rest = negatablePredicate(left, negated);
        if (rest == null && negated) {
            throw error("unexpected " + peek().describe() + " after NOT", "IN, BETWEEN or LIKE");
        }
        return rest == null ? left : rest;
    }

    /** IN, BETWEEN and LIKE, which may be preceded by NOT; null when none of them follows. */
    private Expr negatablePredicate(Expr left, boolean negated) {
        if (accept("IN")) {
            return new Expr.In(left, list(), negated);
        }
        if (accept("BETWEEN")) {
            Expr low = operand();
            expectKeyword("AND");
            return new Expr.Between(left, low, operand(), negated);
        }
        if (accept("LIKE")) {
            Expr pattern = operand();
            char escape = '\\';
            if (accept("ESCAPE")) {
                WhereToken e = take();
                if (e.kind() != WhereToken.Kind.STRING || e.text().length() != 1) {
                    throw errorAt(e, "ESCAPE needs a one-character string, found " + e.describe(), "'c'");
                }
                escape = e.text().charAt(0);
            }
            return new Expr.Like(left, pattern, escape, negated);
        }
        return null;
    }

    private List<Expr> list() {
        expectSymbol("(");
        List<Expr> items = new ArrayList<>();
        do {
            items.add(operand());
        } while (acceptSymbol(","));
        expectSymbol(")");
        return items;
    }

    private Expr operand() {
        WhereToken t = take();
        return switch (t.kind()) {
            case NUMBER -> new Expr.NumberLiteral(number(t, false));
            case STRING -> new Expr.StringLiteral(t.text());
            case QUOTED_IDENTIFIER -> column(t);
            case IDENTIFIER -> wordOperand(t);
            case SYMBOL -> symbolOperand(t);
            case END -> throw errorAt(t, "unexpected end of input", "a column or a value");
        };
    }

    private Expr wordOperand(WhereToken t) {
        if (t.isKeyword("TRUE")) {
            return new Expr.BooleanLiteral(true);
        }
        if (t.isKeyword("FALSE")) {
            return new Expr.BooleanLiteral(false);
        }
        if (t.isKeyword("NULL")) {
            return new Expr.NullLiteral();
        }
        for (String reserved : List.of("AND", "OR", "NOT", "IN", "IS", "BETWEEN", "LIKE", "ESCAPE")) {
            if (t.isKeyword(reserved)) {
                throw errorAt(t, "unexpected keyword " + t.text().toUpperCase(Locale.ROOT),
                        "a column or a value (quote a column named like a keyword in backticks)");
            }
        }
        return column(t);
    }

    private Expr column(WhereToken t) {
        if (peek().isSymbol("(")) {
            throw errorAt(t, "functions are not supported: " + t.text() + "(...)", "a column or a value");
        }
        if (t.text().isEmpty()) {
            throw errorAt(t, "empty column name ``", "a column name");
        }
        // Such a column cannot exist, and the SQL renderer could not quote a NUL.
        IdentifierRules.problem(t.text()).ifPresent(p -> {
            throw errorAt(t, "column name " + t.describe() + " " + p, "a MySQL column name");
        });
        return new Expr.Column(t.text());
    }

    private Expr symbolOperand(WhereToken t) {
        if (t.isSymbol("(")) {
            enter(t);
            Expr inner = or();
            expectSymbol(")");
            depth--;
            return inner;
        }
        if (t.isSymbol("-") || t.isSymbol("+")) {
            WhereToken n = take();
            if (n.kind() != WhereToken.Kind.NUMBER) {
                throw errorAt(n, "expected a number after '" + t.text() + "', found " + n.describe(), "a number");
            }
            return new Expr.NumberLiteral(number(n, t.isSymbol("-")));
        }
        throw errorAt(t, "unexpected " + t.describe(), "a column or a value");
    }

    /**
     * A number MySQL reads exactly, as DECIMAL(65,30) at most: anything wider would be read
     * as an approximate DOUBLE by the server (or not at all) while Duplex compares exactly,
     * and an exponent such as 1e999999999 would cost the evaluator a billion digits.
     */
    private static BigDecimal number(WhereToken t, boolean negate) {
        BigDecimal v;
        try {
            v = new BigDecimal(t.text());
        } catch (NumberFormatException e) {
            throw outOfRange(t);
        }
        long fraction = Math.max(v.scale(), 0);
        long integer = Math.max((long) v.precision() - v.scale(), 0);
        if (fraction > MAX_FRACTION_DIGITS || integer + fraction > MAX_DIGITS) {
            throw outOfRange(t);
        }
        return negate ? v.negate() : v;
    }

    private static WhereParseException outOfRange(WhereToken t) {
        return errorAt(t, "number '" + t.text() + "' is out of range: at most " + MAX_DIGITS + " digits, "
                + MAX_FRACTION_DIGITS + " of them after the point", "a number that fits DECIMAL(65,30)");
    }

    private WhereToken peek() {
        return tokens.get(at);
    }

    private WhereToken take() {
        WhereToken t = tokens.get(at);
        if (t.kind() != WhereToken.Kind.END) {
            at++;
        }
        return t;
    }

    private boolean accept(String keyword) {
        if (peek().isKeyword(keyword)) {
            at++;
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            at++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        if (!accept(keyword)) {
            throw error("expected " + keyword + " but found " + peek().describe(), keyword);
        }
    }

    private void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw error("expected '" + symbol + "' but found " + peek().describe(), "'" + symbol + "'");
        }
    }

    private WhereParseException error(String message, String expected) {
        return errorAt(peek(), message, expected);
    }

    private static WhereParseException errorAt(WhereToken t, String message, String expected) {
        return new WhereParseException(message, t.position(), expected);
    }
}
