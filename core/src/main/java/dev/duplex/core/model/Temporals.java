package dev.duplex.core.model;

/**
 * Validation of MySQL temporal text; kept loose on purpose for zero dates, strict on shape. The
 * shapes are checked by hand, not by regular expressions: every temporal cell capture decodes and
 * every one the apply reads from a message is checked here, and the regex engine was a tenth of
 * capture's CPU on a table of temporal columns. TemporalsTest holds these checks to the regular
 * expressions they replace.
 */
final class Temporals {
    private Temporals() {}

    static void requireDate(String text) {
        if (text == null || text.length() != 10 || !isDate(text)) {
            throw shape(text, "DATE", "YYYY-MM-DD");
        }
    }

    static void requireDateTime(String text) {
        if (text == null || text.length() < 19 || !isDate(text) || text.charAt(10) != ' '
                || !isClock(text, 11, 2, false) || !isFraction(text, 19)) {
            throw shape(text, "DATETIME/TIMESTAMP", "YYYY-MM-DD HH:MM:SS[.ffffff]");
        }
    }

    static void requireTime(String text) {
        int start = text != null && text.startsWith("-") ? 1 : 0;
        int colon = text == null ? -1 : text.indexOf(':', start);
        int hourDigits = colon - start;
        if (hourDigits < 2 || hourDigits > 3 || !isClock(text, start, hourDigits, true) || !isFraction(text, colon + 6)) {
            throw shape(text, "TIME", "[-]HHH:MM:SS[.ffffff]");
        }
        if (Integer.parseInt(text, start, colon, 10) > 838) {
            throw new IllegalArgumentException("TIME out of range (|hours| <= 838): " + text);
        }
    }

    /** {@code YYYY-MM-DD} at the start of {@code s}. */
    private static boolean isDate(String s) {
        return digits(s, 0, 4) && s.charAt(4) == '-' && digits(s, 5, 2) && s.charAt(7) == '-' && digits(s, 8, 2);
    }

    /**
     * {@code HH:MM:SS} from {@code from}, with {@code hourDigits} digits of hours; minutes and seconds
     * 00-59 if {@code sixty} (TIME), any two digits otherwise (DATETIME: loose, as zero dates are).
     */
    private static boolean isClock(String s, int from, int hourDigits, boolean sixty) {
        int m = from + hourDigits;
        return s.length() >= m + 6 && digits(s, from, hourDigits) && s.charAt(m) == ':' && twoDigits(s, m + 1, sixty)
                && s.charAt(m + 3) == ':' && twoDigits(s, m + 4, sixty);
    }

    /** Nothing from {@code from} on, or a dot and 1-6 digits up to the end. */
    private static boolean isFraction(String s, int from) {
        int n = s.length() - from;
        return n == 0 || (n >= 2 && n <= 7 && s.charAt(from) == '.' && digits(s, from + 1, n - 1));
    }

    private static boolean twoDigits(String s, int at, boolean belowSixty) {
        char tens = s.charAt(at);
        return tens >= '0' && tens <= (belowSixty ? '5' : '9') && digits(s, at + 1, 1);
    }

    private static boolean digits(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException shape(String text, String type, String shape) {
        return new IllegalArgumentException(type + " value must look like " + shape + ", got: " + text);
    }
}
