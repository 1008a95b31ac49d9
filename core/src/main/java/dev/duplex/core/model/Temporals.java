package dev.duplex.core.model;

import java.util.regex.Pattern;

/** Validation of MySQL temporal text; kept loose on purpose for zero dates, strict on shape. */
final class Temporals {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?");
    private static final Pattern TIME = Pattern.compile("-?(\\d{2,3}):([0-5]\\d):([0-5]\\d)(\\.\\d{1,6})?");

    private Temporals() {}

    static void requireDate(String text) {
        require(text, DATE, "DATE", "YYYY-MM-DD");
    }

    static void requireDateTime(String text) {
        require(text, DATETIME, "DATETIME/TIMESTAMP", "YYYY-MM-DD HH:MM:SS[.ffffff]");
    }

    static void requireTime(String text) {
        require(text, TIME, "TIME", "[-]HHH:MM:SS[.ffffff]");
        var m = TIME.matcher(text);
        m.matches();
        if (Integer.parseInt(m.group(1)) > 838) {
            throw new IllegalArgumentException("TIME out of range (|hours| <= 838): " + text);
        }
    }

    private static void require(String text, Pattern p, String type, String shape) {
        if (text == null || !p.matcher(text).matches()) {
            throw new IllegalArgumentException(type + " value must look like " + shape + ", got: " + text);
        }
    }
}
