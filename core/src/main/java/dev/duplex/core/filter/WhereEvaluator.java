package dev.duplex.core.filter;

import dev.duplex.core.model.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Evaluates a filter over one row image with SQL's three-valued logic: anything compared with
 * NULL is unknown, and an unknown filter does not select the row. Comparisons follow the
 * source server's rules ({@link Dialect}).
 */
final class WhereEvaluator {

    private final Function<String, Value> row;
    private final Dialect dialect;

    private WhereEvaluator(Function<String, Value> row, Dialect dialect) {
        this.row = row;
        this.dialect = dialect;
    }

    static Truth evaluate(Expr e, Function<String, Value> row, Dialect dialect) {
        WhereEvaluator evaluator = new WhereEvaluator(row, dialect);
        return evaluator.truth(evaluator.value(e));
    }

    /** A value as a condition (WHERE s, NOT s, s AND ...): true when it is a number other than 0. */
    private Truth truth(Scalar s) {
        return switch (s) {
            case Scalar.Null n -> Truth.UNKNOWN;
            default -> Truth.of(Scalar.toNumber(s, dialect.conditionType()).signum() != 0);
        };
    }

    private Scalar value(Expr e) {
        return switch (e) {
            case Expr.Column c -> column(c.name());
            case Expr.NumberLiteral n -> Scalar.literal(n.value());
            case Expr.StringLiteral s -> new Scalar.Str(s.value(), false);
            case Expr.BooleanLiteral b -> b.value() ? Scalar.ONE : Scalar.ZERO;
            case Expr.NullLiteral n -> Scalar.Null.INSTANCE;
            default -> Scalar.of(condition(e));
        };
    }

    private Truth condition(Expr e) {
        return switch (e) {
            case Expr.Compare c -> compare(value(c.left()), c.op(), value(c.right()));
            case Expr.And a -> {
                Truth left = condition(a.left());
                yield left == Truth.FALSE ? left : left.and(condition(a.right()));
            }
            case Expr.Or o -> {
                Truth left = condition(o.left());
                yield left == Truth.TRUE ? left : left.or(condition(o.right()));
            }
            case Expr.Not n -> condition(n.operand()).not();
            case Expr.In in -> negate(in(in), in.negated());
            case Expr.Between b -> negate(between(b), b.negated());
            case Expr.IsNull n -> Truth.of((value(n.operand()) == Scalar.Null.INSTANCE) != n.negated());
            case Expr.Like l -> negate(like(l), l.negated());
            default -> truth(value(e));
        };
    }

    private static Truth negate(Truth t, boolean negated) {
        return negated ? t.not() : t;
    }

    private Scalar column(String name) {
        Value v = row.apply(name);
        if (v == null) {
            throw new FilterEvaluationException("the filter uses column '" + name + "', which the row does not have");
        }
        return Scalar.of(v);
    }

    private Truth compare(Scalar a, CompareOp op, Scalar b) {
        return compare(a, op, b, a == Scalar.Null.INSTANCE || b == Scalar.Null.INSTANCE ? null
                : dialect.comparedAs(Scalar.type(a), Scalar.type(b)));
    }

    /** @param as the type the comparison is made as; null when either side is NULL */
    private static Truth compare(Scalar a, CompareOp op, Scalar b, Scalar.Type as) {
        boolean aNull = a == Scalar.Null.INSTANCE;
        boolean bNull = b == Scalar.Null.INSTANCE;
        if (op == CompareOp.NULL_SAFE_EQ && (aNull || bNull)) {
            return Truth.of(aNull && bNull);
        }
        if (aNull || bNull) {
            return Truth.UNKNOWN;
        }
        return Truth.of(op.test(Scalar.compare(a, b, as)));
    }

    /**
     * True on any match; otherwise unknown if any comparison was unknown, else false. Each item
     * is compared with the operand on its own (a number with a string as numbers), but MySQL
     * picks one collation for all of them: byte-exact if any argument is a binary string.
     */
    private Truth in(Expr.In in) {
        List<Scalar> args = new ArrayList<>(in.items().size() + 1);
        args.add(value(in.operand()));
        for (Expr item : in.items()) {
            args.add(value(item));
        }
        if (args.stream().anyMatch(Scalar::isBinary)) {
            args.replaceAll(WhereEvaluator::asBinary);
        }
        Truth result = Truth.FALSE;
        for (Scalar item : args.subList(1, args.size())) {
            result = result.or(compare(args.get(0), CompareOp.EQ, item));
            if (result == Truth.TRUE) {
                return result;
            }
        }
        return result;
    }

    /**
     * The server compares BETWEEN's three arguments one way, the type their types fold to left to
     * right: as numbers if any of them is a number ('a' BETWEEN 'b' AND 5 is 0 BETWEEN 0 AND 5,
     * true), else as strings, byte-exact if any is a binary string.
     */
    private Truth between(Expr.Between b) {
        List<Scalar> args = new ArrayList<>(List.of(value(b.operand()), value(b.low()), value(b.high())));
        // A NULL value has no type here (the server takes a NULL column's declared type).
        Scalar.Type as = args.stream().filter(a -> a != Scalar.Null.INSTANCE).map(Scalar::type)
                .reduce(dialect::comparedAs).orElse(Scalar.Type.STRING);
        if (as == Scalar.Type.STRING && args.stream().anyMatch(Scalar::isBinary)) {
            args.replaceAll(WhereEvaluator::asBinary);
        }
        Scalar v = args.get(0);
        return compare(v, CompareOp.GE, args.get(1), as).and(compare(v, CompareOp.LE, args.get(2), as));
    }

    private static Scalar asBinary(Scalar s) {
        return s instanceof Scalar.Str str ? new Scalar.Str(str.value(), true) : s;
    }

    private Truth like(Expr.Like l) {
        Scalar text = value(l.operand());
        Scalar pattern = value(l.pattern());
        if (text == Scalar.Null.INSTANCE || pattern == Scalar.Null.INSTANCE) {
            return Truth.UNKNOWN;
        }
        boolean caseSensitive = Scalar.isBinary(text) || Scalar.isBinary(pattern);
        return Truth.of(LikeMatcher.matches(Scalar.toText(text), Scalar.toText(pattern), l.escape(), caseSensitive));
    }
}
