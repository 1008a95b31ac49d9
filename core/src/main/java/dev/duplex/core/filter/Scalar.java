package dev.duplex.core.filter;

import dev.duplex.core.model.Value;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * What the evaluator computes with: a number, a string or NULL. Booleans are the numbers 1
 * and 0, as in MySQL. {@code binary} strings (BINARY/BLOB columns) compare byte-exact; all
 * other strings compare case-insensitively, like MySQL's default collations.
 *
 * <p>A number keeps the SQL type it has on the server (an INT column or literal, a DECIMAL, a
 * DOUBLE), because that type decides how a string compared with it is read as a number
 * ({@link Dialect#comparedAs}).
 */
sealed interface Scalar {

    /** The types the server compares by. */
    enum Type { STRING, INT, DECIMAL, DOUBLE }

    record Num(BigDecimal value, Type type) implements Scalar {}

    record Str(String value, boolean binary) implements Scalar {}

    enum Null implements Scalar { INSTANCE }

    Num ONE = new Num(BigDecimal.ONE, Type.INT);
    Num ZERO = new Num(BigDecimal.ZERO, Type.INT);

    /** A literal as the server reads its rendering ({@link WhereSql}): whole numbers within BIGINT (UNSIGNED) are INT. */
    BigDecimal INT_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    BigDecimal INT_MAX = new BigDecimal("18446744073709551615");

    static Num literal(BigDecimal value) {
        boolean integer = value.scale() <= 0 && value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0;
        return new Num(value, integer ? Type.INT : Type.DECIMAL);
    }

    static Scalar of(Truth t) {
        return switch (t) {
            case TRUE -> ONE;
            case FALSE -> ZERO;
            case UNKNOWN -> Null.INSTANCE;
        };
    }

    static Scalar of(Value v) {
        return switch (v) {
            case Value.Null n -> Null.INSTANCE;
            case Value.Int i -> new Num(BigDecimal.valueOf(i.value()), Type.INT);
            case Value.UInt u -> new Num(new BigDecimal(u.text()), Type.INT);
            case Value.Decimal d -> new Num(d.value(), Type.DECIMAL);
            case Value.Float32 f -> floating(f.value());
            case Value.Float64 f -> floating(f.value());
            case Value.Bit b -> new Num(new BigDecimal(Long.toUnsignedString(b.bits())), Type.INT);
            case Value.Year y -> new Num(BigDecimal.valueOf(y.value()), Type.INT);
            case Value.Text t -> new Str(t.value(), false);
            case Value.Enum e -> new Str(e.label(), false);
            case Value.Set s -> new Str(s.labels(), false);
            case Value.Json j -> new Str(j.text(), true);
            case Value.Date d -> new Str(d.text(), true);
            case Value.Time t -> new Str(t.text(), true);
            case Value.DateTime d -> new Str(d.text(), true);
            case Value.Timestamp t -> new Str(t.utcText(), true);
            case Value.Bytes b -> new Str(new String(b.value(), StandardCharsets.UTF_8), true);
            case Value.Geometry g -> new Str(new String(g.value(), StandardCharsets.ISO_8859_1), true);
        };
    }

    /** Floats compare by their shortest decimal form, so FLOAT 0.1 equals the literal 0.1. */
    private static Scalar floating(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Null.INSTANCE;
        }
        return new Num(BigDecimal.valueOf(d).stripTrailingZeros(), Type.DOUBLE);
    }

    private static Scalar floating(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            return Null.INSTANCE;
        }
        return new Num(new BigDecimal(Float.toString(f)).stripTrailingZeros(), Type.DOUBLE);
    }

    static Type type(Scalar s) {
        return switch (s) {
            case Num n -> n.type();
            case Str str -> Type.STRING;
            case Null n -> throw new IllegalStateException("NULL has no type");
        };
    }

    /** The number a scalar is when compared as {@code as}: a string read as DECIMAL or DOUBLE. */
    static BigDecimal toNumber(Scalar s, Type as) {
        return switch (s) {
            case Num n -> n.value();
            case Str str -> as == Type.DECIMAL ? NumericPrefix.asDecimal(str.value()) : NumericPrefix.of(str.value());
            case Null n -> throw new IllegalStateException("NULL has no number");
        };
    }

    static String toText(Scalar s) {
        return switch (s) {
            case Num n -> n.value().toPlainString();
            case Str str -> str.value();
            case Null n -> throw new IllegalStateException("NULL has no text");
        };
    }

    static boolean isBinary(Scalar s) {
        return s instanceof Str str && str.binary();
    }

    /**
     * Compares two non-NULL scalars as type {@code as} ({@link Dialect#comparedAs}): two strings
     * as strings, anything else as numbers.
     */
    static int compare(Scalar a, Scalar b, Type as) {
        if (as == Type.STRING && a instanceof Str sa && b instanceof Str sb) {
            return sa.binary() || sb.binary() ? sa.value().compareTo(sb.value())
                    : compareIgnoringCase(sa.value(), sb.value());
        }
        return toNumber(a, as).compareTo(toNumber(b, as));
    }

    /**
     * utf8mb4_general_ci's order: each character weighs as its upper case, so '_' (0x5F) sorts
     * after 'e' (as 'E', 0x45). String.CASE_INSENSITIVE_ORDER compares such a pair by lower case
     * and puts '_' before 'e', unlike the server.
     */
    private static int compareIgnoringCase(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            int diff = Character.toUpperCase(a) - Character.toUpperCase(b);
            if (diff != 0) {
                return diff;
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Boolean.compare(i < x.length(), j < y.length());
    }
}
