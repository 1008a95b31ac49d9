package dev.duplex.bench;

import java.util.Locale;

/** How figures are printed: about three significant digits, no exponent. */
final class Numbers {
    private Numbers() {}

    static String format(double v) {
        double abs = Math.abs(v);
        if (abs >= 100 || v == Math.rint(v) && abs >= 10) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (abs >= 0.01 || v == 0) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Rounded for JSON: keeps three decimals, enough for every unit the bench uses. */
    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
