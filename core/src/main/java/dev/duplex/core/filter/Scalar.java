package dev.duplex.core.filter;

import dev.duplex.core.model.Value;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * What the evaluator computes with: a number, a string or NULL. Booleans are the numbers 1
 * and 0, as in MySQL. {@code binary} strings (BINARY/BLOB columns) compare byte-exact; all
 * other strings compare case-insensitively, like MySQL's default collations.
 */
sealed interface Scalar {

    record Num(BigDecimal value) implements Scalar {}

    record Str(String value, boolean binary) implements Scalar {}

    enum Null implements Scalar { INSTANCE }

    Num ONE = new Num(BigDecimal.ONE);
    Num ZERO = new Num(BigDecimal.ZERO);

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
            case Value.Int i -> new Num(BigDecimal.valueOf(i.value()));
            case Value.UInt u -> new Num(new BigDecimal(u.text()));
            case Value.Decimal d -> new Num(d.value());
            case Value.Float32 f -> floating(f.value());
            case Value.Float64 f -> floating(f.value());
            case Value.Bit b -> new Num(new BigDecimal(Long.toUnsignedString(b.bits())));
            case Value.Year y -> new Num(BigDecimal.valueOf(y.value()));
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
        return new Num(BigDecimal.valueOf(d).stripTrailingZeros());
    }

    private static Scalar floating(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            return Null.INSTANCE;
        }
        return new Num(new BigDecimal(Float.toString(f)).stripTrailingZeros());
    }

    static BigDecimal toNumber(Scalar s) {
        return switch (s) {
            case Num n -> n.value();
            case Str str -> NumericPrefix.of(str.value());
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

    /** Compares two non-NULL scalars: numerically if either is a number, else as strings. */
    static int compare(Scalar a, Scalar b) {
        if (a instanceof Str sa && b instanceof Str sb) {
            return sa.binary() || sb.binary() ? sa.value().compareTo(sb.value())
                    : compareIgnoringCase(sa.value(), sb.value());
        }
        return toNumber(a).compareTo(toNumber(b));
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
