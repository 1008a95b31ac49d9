package dev.duplex.core.filter;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Syntax tree of a WHERE filter. Conditions and operands share one type because MySQL lets a
 * comparison be an operand ({@code (a = 1) = FALSE}) and a bare column be a condition.
 */
public sealed interface Expr {

    /** Column names this expression reads, in order of first appearance. */
    default Set<String> columns() {
        Set<String> out = new LinkedHashSet<>();
        collectColumns(this, out);
        return Collections.unmodifiableSet(out);
    }

    record Column(String name) implements Expr {
        public Column {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A numeric literal, exact: 0.1 stays 0.1. */
    record NumberLiteral(BigDecimal value) implements Expr {
        public NumberLiteral {
            Objects.requireNonNull(value, "value");
        }
    }

    record StringLiteral(String value) implements Expr {
        public StringLiteral {
            Objects.requireNonNull(value, "value");
        }
    }

    /** TRUE and FALSE; MySQL treats them as the numbers 1 and 0. */
    record BooleanLiteral(boolean value) implements Expr {}

    record NullLiteral() implements Expr {}

    record Compare(Expr left, CompareOp op, Expr right) implements Expr {
        public Compare {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(right, "right");
        }
    }

    record And(Expr left, Expr right) implements Expr {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    record Or(Expr left, Expr right) implements Expr {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    record Not(Expr operand) implements Expr {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    record In(Expr operand, List<Expr> items, boolean negated) implements Expr {
        public In {
            Objects.requireNonNull(operand, "operand");
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("IN needs at least one item");
            }
        }
    }

    record Between(Expr operand, Expr low, Expr high, boolean negated) implements Expr {
        public Between {
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
        }
    }

    record IsNull(Expr operand, boolean negated) implements Expr {
        public IsNull {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** LIKE with {@code %}, {@code _} and an escape character (backslash unless ESCAPE says otherwise). */
    record Like(Expr operand, Expr pattern, char escape, boolean negated) implements Expr {
        public Like {
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    private static void collectColumns(Expr e, Set<String> out) {
        switch (e) {
            case Column c -> out.add(c.name());
            case NumberLiteral n -> { }
            case StringLiteral s -> { }
            case BooleanLiteral b -> { }
            case NullLiteral n -> { }
            case Compare c -> { collectColumns(c.left(), out); collectColumns(c.right(), out); }
            case And a -> { collectColumns(a.left(), out); collectColumns(a.right(), out); }
            case Or o -> { collectColumns(o.left(), out); collectColumns(o.right(), out); }
            case Not n -> collectColumns(n.operand(), out);
            case In in -> { collectColumns(in.operand(), out); in.items().forEach(i -> collectColumns(i, out)); }
            case Between b -> {
                collectColumns(b.operand(), out);
                collectColumns(b.low(), out);
                collectColumns(b.high(), out);
            }
            case IsNull n -> collectColumns(n.operand(), out);
            case Like l -> { collectColumns(l.operand(), out); collectColumns(l.pattern(), out); }
        }
    }
}
