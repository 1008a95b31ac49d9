package dev.duplex.core.filter;

import dev.duplex.core.filter.Scalar.Type;

/**
 * Whose rules a filter is evaluated by: those of the direction's source server, which runs the
 * same filter as SQL for full sync and verify. Capture's answer for a row must be the server's,
 * or the two paths select different rows and the nodes diverge without an error.
 *
 * <p>The servers differ in how a string compared with a number is read. MySQL reads it as a
 * DOUBLE. MariaDB (10.3 on) compares a string with an integer as DECIMAL, and its string-to-DECIMAL
 * reading allows spaces between the {@code e} and the exponent ({@code '5e 9'} is 5000000000,
 * as a DOUBLE 5) and rounds to 39 decimals ({@code '1e-40'} is 0); with a DECIMAL or DOUBLE the
 * string is a DOUBLE again. BETWEEN's type folds its three operands' types left to right. A
 * string as a condition ({@code WHERE s}, {@code NOT s}) is a DECIMAL in MariaDB ({@code '1e-40'}
 * is false), a DOUBLE in MySQL.
 */
public enum Dialect {
    MARIADB,
    MYSQL;

    public static Dialect of(boolean mariaDb) {
        return mariaDb ? MARIADB : MYSQL;
    }

    /** The type a string is read as where it is a condition. */
    Type conditionType() {
        return this == MARIADB ? Type.DECIMAL : Type.DOUBLE;
    }

    /** The type two operands of types {@code a} and {@code b} are compared as. */
    Type comparedAs(Type a, Type b) {
        if (a == b) {
            return a;
        }
        if (a == Type.DOUBLE || b == Type.DOUBLE) {
            return Type.DOUBLE;
        }
        if (a == Type.STRING || b == Type.STRING) {
            Type number = a == Type.STRING ? b : a;
            return this == MARIADB && number == Type.INT ? Type.DECIMAL : Type.DOUBLE;
        }
        return Type.DECIMAL; // INT with DECIMAL
    }
}
