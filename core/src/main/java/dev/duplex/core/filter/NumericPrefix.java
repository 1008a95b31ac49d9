package dev.duplex.core.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string read as a number, as MySQL reads it: by its longest numeric prefix ('12abc' is 12,
 * 'abc' is 0), through a DOUBLE, so a value beyond DOUBLE's range is ±1.7976931348623157E308
 * and one below it is 0. Within the range it stays exact to 40 significant digits (DOUBLE keeps
 * 17). The string is row data of any size: '1e99999999999' or a million digits must neither
 * throw nor cost the evaluator a number of that size.
 *
 * <p>MariaDB reads a string compared with an integer as a DECIMAL instead ({@link #asDecimal}).
 */
final class NumericPrefix {

    private static final Pattern PREFIX =
            Pattern.compile("^\\s*([+-]?)(\\d*)(?:\\.(\\d*))?(?:[eE]([+-]?\\d+))?");
    /** MariaDB's DECIMAL reading: spaces may come between the e and the exponent. */
    private static final Pattern DECIMAL_PREFIX =
            Pattern.compile("^\\s*([+-]?)(\\d*)(?:\\.(\\d*))?(?:[eE]\\s*([+-]?\\d+))?");
    private static final int MAX_SIGNIFICANT_DIGITS = 40;
    private static final BigDecimal DOUBLE_MAX = new BigDecimal(Double.MAX_VALUE);
    /** Decimal exponents of DOUBLE's largest and smallest (subnormal) magnitudes. */
    private static final int MAX_EXPONENT = 308;
    private static final int MIN_EXPONENT = -324;
    /** The decimals MariaDB keeps of a string read as a DECIMAL (rounded half up). */
    private static final int DECIMAL_SCALE = 39;
    /** Beyond this many integer digits no literal (DECIMAL(65,30)) nor integer is larger. */
    private static final int DECIMAL_MAX_POWER = 81;

    private NumericPrefix() {}

    /** The string as MySQL and MariaDB read it as a DOUBLE. */
    static BigDecimal of(String text) {
        Prefix p = Prefix.read(PREFIX, text);
        if (p == null) {
            return BigDecimal.ZERO;
        }
        String significant = p.digits().substring(0, Math.min(p.digits().length(), MAX_SIGNIFICANT_DIGITS));
        long power = p.power();
        boolean negative = p.negative();
        if (power - 1 < MIN_EXPONENT) {
            return BigDecimal.ZERO;
        }
        if (power - 1 > MAX_EXPONENT) {
            return negative ? DOUBLE_MAX.negate() : DOUBLE_MAX;
        }
        BigDecimal value = new BigDecimal(new BigInteger(significant), significant.length())
                .scaleByPowerOfTen((int) power);
        if (value.compareTo(DOUBLE_MAX) > 0) {
            value = DOUBLE_MAX;
        }
        return negative ? value.negate() : value;
    }

    /**
     * The string as MariaDB reads it as a DECIMAL (when compared with an integer): exact, rounded
     * half up to 39 decimals, and spaces allowed between the e and the exponent.
     */
    static BigDecimal asDecimal(String text) {
        Prefix p = Prefix.read(DECIMAL_PREFIX, text);
        if (p == null) {
            return BigDecimal.ZERO;
        }
        if (p.power() > DECIMAL_MAX_POWER) {
            return p.negative() ? DOUBLE_MAX.negate() : DOUBLE_MAX;
        }
        // Digits past the first one below the rounding position cannot change a half-up rounding.
        long keep = Math.min(p.digits().length(), p.power() + DECIMAL_SCALE + 1);
        if (keep <= 0) {
            return BigDecimal.ZERO;
        }
        String kept = p.digits().substring(0, (int) keep);
        BigDecimal value = new BigDecimal(new BigInteger(kept), kept.length())
                .scaleByPowerOfTen((int) p.power())
                .setScale(DECIMAL_SCALE, RoundingMode.HALF_UP);
        return p.negative() ? value.negate() : value;
    }

    /**
     * A numeric prefix: {@code digits} without leading zeros (never empty), the value being
     * 0.digits x 10^power.
     */
    private record Prefix(boolean negative, String digits, long power) {
        static Prefix read(Pattern pattern, String text) {
            Matcher m = pattern.matcher(text);
            if (!m.find()) {
                return null;
            }
            String integer = m.group(2);
            String digits = integer + (m.group(3) == null ? "" : m.group(3));
            int first = 0;
            while (first < digits.length() && digits.charAt(first) == '0') {
                first++;
            }
            if (first == digits.length()) {
                return null; // no digits ('.', '-', 'e5') or only zeros
            }
            long point = (long) integer.length() - first;
            long power = point + (m.group(4) == null ? 0 : exponent(m.group(4)));
            return new Prefix(m.group(1).equals("-"), digits.substring(first), power);
        }
    }

    /** The exponent, saturated: one of 10^15 or more is beyond every range here anyway. */
    private static long exponent(String digits) {
        boolean negative = digits.startsWith("-");
        String plain = digits.replaceFirst("^[+-]?0*", "");
        long value = plain.length() > 15 ? 1_000_000_000_000_000L : plain.isEmpty() ? 0 : Long.parseLong(plain);
        return negative ? -value : value;
    }
}
