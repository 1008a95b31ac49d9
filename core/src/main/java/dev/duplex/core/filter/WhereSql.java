package dev.duplex.core.filter;

import dev.duplex.core.sql.Identifiers;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed filter as the condition of a SQL {@code WHERE}, for a {@link PreparedStatement}:
 * every literal is a {@code ?} parameter, every column a backquoted identifier, every operator
 * parenthesized. Nothing of the filter's text reaches the SQL, so the SQL reads the same under
 * any sql_mode: NO_BACKSLASH_ESCAPES and ANSI_QUOTES change how literals in the text would be
 * read, HIGH_NOT_PRECEDENCE how an unparenthesized NOT binds, and the default LIKE escape is no
 * escape at all under NO_BACKSLASH_ESCAPES (hence an explicit ESCAPE on every LIKE).
 *
 * <p>Every string parameter carries the introducer {@code _utf8mb4}: when the session has
 * NO_BACKSLASH_ESCAPES, Connector/J's client-side statements send a string holding a backslash
 * as a hexadecimal literal, a binary string that would compare byte-exact ('A' no longer equal to
 * 'a'); introduced, it is a utf8mb4 string again, coercible like any literal. Connections must
 * use utf8mb4 (NodeConnections does).
 *
 * @param sql        the condition, with one {@code ?} per parameter
 * @param parameters the values of the {@code ?}s in order, each a {@link String} or a {@link BigDecimal}
 */
public record WhereSql(String sql, List<Object> parameters) {

    /** The condition of {@link WhereFilter#all()}. */
    static final WhereSql TRUE = new WhereSql("TRUE", List.of());

    public WhereSql {
        Objects.requireNonNull(sql, "sql");
        parameters = List.copyOf(parameters);
    }

    static WhereSql render(Expr e) {
        Renderer r = new Renderer();
        r.expr(e);
        return new WhereSql(r.sql.toString(), r.parameters);
    }

    /** Binds the parameters to {@code ps} from index {@code first}; returns the next free index. */
    public int bind(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        for (Object p : parameters) {
            switch (p) {
                case String s -> ps.setString(i++, s);
                case BigDecimal d -> ps.setBigDecimal(i++, d);
                default -> throw new IllegalStateException("unexpected parameter type " + p.getClass());
            }
        }
        return i;
    }

    private static final class Renderer {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        void expr(Expr e) {
            switch (e) {
                case Expr.Column c -> sql.append(Identifiers.quote(c.name()));
                case Expr.NumberLiteral n -> parameter(n.value());
                case Expr.StringLiteral s -> string(s.value());
                case Expr.BooleanLiteral b -> sql.append(b.value() ? "TRUE" : "FALSE");
                case Expr.NullLiteral n -> sql.append("NULL");
                case Expr.Compare c -> group(c.left(), " " + c.op().symbol() + " ", c.right());
                case Expr.And a -> chain(a, " AND ");
                case Expr.Or o -> chain(o, " OR ");
                case Expr.Not n -> {
                    sql.append("(NOT ");
                    expr(n.operand());
                    sql.append(')');
                }
                case Expr.In in -> in(in);
                case Expr.Between b -> {
                    sql.append('(');
                    expr(b.operand());
                    sql.append(b.negated() ? " NOT BETWEEN " : " BETWEEN ");
                    expr(b.low());
                    sql.append(" AND ");
                    expr(b.high());
                    sql.append(')');
                }
                case Expr.IsNull n -> {
                    sql.append('(');
                    expr(n.operand());
                    sql.append(n.negated() ? " IS NOT NULL)" : " IS NULL)");
                }
                case Expr.Like l -> like(l);
            }
        }

        private void group(Expr left, String op, Expr right) {
            sql.append('(');
            expr(left);
            sql.append(op);
            expr(right);
            sql.append(')');
        }

        /** A run of one associative operator in one pair of parentheses: (a AND b AND c). */
        private void chain(Expr e, String op) {
            sql.append('(');
            terms(e, e.getClass(), op);
            sql.append(')');
        }

        private void terms(Expr e, Class<?> kind, String op) {
            if (e.getClass() != kind) {
                expr(e);
                return;
            }
            Expr left = e instanceof Expr.And a ? a.left() : ((Expr.Or) e).left();
            Expr right = e instanceof Expr.And a ? a.right() : ((Expr.Or) e).right();
            terms(left, kind, op);
            sql.append(op);
            terms(right, kind, op);
        }

        private void in(Expr.In in) {
            sql.append('(');
            expr(in.operand());
            sql.append(in.negated() ? " NOT IN (" : " IN (");
            for (int i = 0; i < in.items().size(); i++) {
                sql.append(i == 0 ? "" : ", ");
                expr(in.items().get(i));
            }
            sql.append("))");
        }

        private void like(Expr.Like l) {
            sql.append('(');
            expr(l.operand());
            sql.append(l.negated() ? " NOT LIKE " : " LIKE ");
            if (l.pattern() instanceof Expr.Column) {
                // MariaDB 10.11 takes "x LIKE x" in a WHERE as true for any non-NULL x, escapes
                // ignored ('\\a' LIKE '\\a' is false). COALESCE(x) is read as a pattern (CONCAT would not
                // do: under sql_mode ORACLE it turns NULL into '').
                sql.append("COALESCE(");
                expr(l.pattern());
                sql.append(')');
            } else {
                expr(l.pattern());
            }
            sql.append(" ESCAPE ");
            parameter(String.valueOf(l.escape()));
            sql.append(')');
        }

        /** MariaDB's EMPTY_STRING_IS_NULL reads a '' literal (bound or not) as NULL; SPACE(0) stays ''. */
        private void string(String value) {
            if (value.isEmpty()) {
                sql.append("SPACE(0)");
            } else {
                parameter(value);
            }
        }

        private void parameter(BigDecimal value) {
            sql.append('?');
            parameters.add(value);
        }

        private void parameter(String value) {
            sql.append("_utf8mb4 ?");
            parameters.add(value);
        }
    }
}
