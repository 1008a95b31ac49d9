package dev.duplex.core.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string read as a number, as MySQL reads it: by its longest numeric prefix ('12abc' is 12,
 * 'abc' is 0), through a DOUBLE, so a value beyond DOUBLE's range is ±1.7976931348623157E308
 * and one below it is 0. Within the range it stays exact to 40 significant digits (DOUBLE keeps
 * 17). The string is row data of any size: '1e99999999999' or a million digits must neither
 * throw nor cost the evaluator a number of that size.
 */
final class NumericPrefix {

    private static final Pattern PREFIX =
            Pattern.compile("^\\s*([+-]?)(\\d*)(?:\\.(\\d*))?(?:[eE]([+-]?\\d+))?");
    private static final int MAX_SIGNIFICANT_DIGITS = 40;
    private static final BigDecimal DOUBLE_MAX = new BigDecimal(Double.MAX_VALUE);
    /** Decimal exponents of DOUBLE's largest and smallest (subnormal) magnitudes. */
    private static final int MAX_EXPONENT = 308;
    private static final int MIN_EXPONENT = -324;

    private NumericPrefix() {}

    static BigDecimal of(String text) {
        Matcher m = PREFIX.matcher(text);
        if (!m.find()) {
            return BigDecimal.ZERO;
        }
        String integer = m.group(2);
        String digits = integer + (m.group(3) == null ? "" : m.group(3));
        int first = 0;
        while (first < digits.length() && digits.charAt(first) == '0') {
            first++;
        }
        if (first == digits.length()) {
            return BigDecimal.ZERO; // no digits ('.', '-', 'e5') or only zeros
        }
        // value = 0.<significant digits> x 10^(point + exponent)
        String significant = digits.substring(first, Math.min(digits.length(), first + MAX_SIGNIFICANT_DIGITS));
        long point = (long) integer.length() - first;
        long power = point + (m.group(4) == null ? 0 : exponent(m.group(4)));
        boolean negative = m.group(1).equals("-");
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

    /** The exponent, saturated: one of 10^15 or more is beyond every range here anyway. */
    private static long exponent(String digits) {
        boolean negative = digits.startsWith("-");
        String plain = digits.replaceFirst("^[+-]?0*", "");
        long value = plain.length() > 15 ? 1_000_000_000_000_000L : plain.isEmpty() ? 0 : Long.parseLong(plain);
        return negative ? -value : value;
    }
}
