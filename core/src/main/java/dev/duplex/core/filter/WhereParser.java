package dev.duplex.core.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser for the WHERE subset. Precedence follows MySQL, loosest first:
 * OR, AND, NOT, then predicates (comparison, IS, IN, BETWEEN, LIKE), then operands.
 */
final class WhereParser {

    private static final Map<String, CompareOp> COMPARISONS = Map.of(
            "=", CompareOp.EQ, "!=", CompareOp.NE, "<>", CompareOp.NE, "<", CompareOp.LT,
            "<=", CompareOp.LE, ">", CompareOp.GT, ">=", CompareOp.GE, "<=>", CompareOp.NULL_SAFE_EQ);

    private final List<Token> tokens;
    private int at;

    private WhereParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Expr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new WhereParseException("the filter is empty", 1, "a condition");
        }
        WhereParser p = new WhereParser(WhereLexer.tokenize(text));
        Expr e = p.or();
        if (p.peek().kind() != Token.Kind.END) {
            throw p.error("unexpected " + p.peek().describe(), "AND, OR or end of input");
        }
        return e;
    }

    private Expr or() {
        Expr left = and();
        while (peek().isKeyword("OR")) {
            at++;
            left = new Expr.Or(left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (peek().isKeyword("AND")) {
            at++;
            left = new Expr.And(left, not());
        }
        return left;
    }

    private Expr not() {
        if (peek().isKeyword("NOT")) {
            at++;
            return new Expr.Not(not());
        }
        return predicate();
    }

    private Expr predicate() {
        Expr left = operand();
        Token t = peek();
        if (t.kind() == Token.Kind.SYMBOL && COMPARISONS.containsKey(t.text())) {
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
                Token e = take();
                if (e.kind() != Token.Kind.STRING || e.text().length() != 1) {
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
        Token t = take();
        return switch (t.kind()) {
            case NUMBER -> new Expr.NumberLiteral(new BigDecimal(t.text()));
            case STRING -> new Expr.StringLiteral(t.text());
            case QUOTED_IDENTIFIER -> column(t);
            case IDENTIFIER -> wordOperand(t);
            case SYMBOL -> symbolOperand(t);
            case END -> throw errorAt(t, "unexpected end of input", "a column or a value");
        };
    }

    private Expr wordOperand(Token t) {
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
                throw errorAt(t, "unexpected keyword " + t.text().toUpperCase(java.util.Locale.ROOT),
                        "a column or a value (quote a column named like a keyword in backticks)");
            }
        }
        return column(t);
    }

    private Expr column(Token t) {
        if (peek().isSymbol("(")) {
            throw errorAt(t, "functions are not supported: " + t.text() + "(...)", "a column or a value");
        }
        if (t.text().isEmpty()) {
            throw errorAt(t, "empty column name ``", "a column name");
        }
        return new Expr.Column(t.text());
    }

    private Expr symbolOperand(Token t) {
        if (t.isSymbol("(")) {
            Expr inner = or();
            expectSymbol(")");
            return inner;
        }
        if (t.isSymbol("-") || t.isSymbol("+")) {
            Token n = take();
            if (n.kind() != Token.Kind.NUMBER) {
                throw errorAt(n, "expected a number after '" + t.text() + "', found " + n.describe(), "a number");
            }
            BigDecimal v = new BigDecimal(n.text());
            return new Expr.NumberLiteral(t.isSymbol("-") ? v.negate() : v);
        }
        throw errorAt(t, "unexpected " + t.describe(), "a column or a value");
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token take() {
        Token t = tokens.get(at);
        if (t.kind() != Token.Kind.END) {
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

    private static WhereParseException errorAt(Token t, String message, String expected) {
        return new WhereParseException(message, t.position(), expected);
    }
}
