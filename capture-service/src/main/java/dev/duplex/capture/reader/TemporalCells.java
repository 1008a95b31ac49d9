package dev.duplex.capture.reader;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Decodes MySQL's binary temporal storage formats into MySQL's own text, byte for byte as the
 * server prints it: zero dates, negative and above-24h TIME and the column's fraction digits
 * survive, which java.time (and the binlog library's own decoding) cannot do.
 *
 * <p>Formats follow MySQL's my_time.cc: TIME2/DATETIME2/TIMESTAMP2 are big-endian with an
 * offset, the pre-5.6 DATE/TIME/DATETIME/TIMESTAMP are little-endian.
 */
public final class TemporalCells {
    private static final long TIMEF_INT_OFS = 0x800000L;
    private static final long TIMEF_OFS = 0x800000000000L;
    private static final long DATETIMEF_INT_OFS = 0x8000000000L;
    public static final String ZERO_DATETIME = "0000-00-00 00:00:00";

    private TemporalCells() {}

    /** Number of bytes the fractional part of a TIME2/DATETIME2/TIMESTAMP2 of precision {@code fsp} takes. */
    public static int fractionBytes(int fsp) {
        return (fsp + 1) / 2;
    }

    /** DATE: 3 bytes little-endian, day in bits 0-4, month 5-8, year above. */
    public static String date(byte[] b) {
        int v = (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16;
        return ymd(v >>> 9, (v >>> 5) & 15, v & 31);
    }

    /** Pre-5.6 TIME: signed 3-byte little-endian integer HHMMSS. */
    public static String timeV1(byte[] b) {
        int v = (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16;
        v = (v << 8) >> 8;
        boolean negative = v < 0;
        int abs = Math.abs(v);
        return hms(new StringBuilder(10), negative, abs / 10000, abs / 100 % 100, abs % 100).toString();
    }

    /** TIME2: 3 bytes of sign, hour, minute, second plus {@code fsp}-dependent fraction bytes, big-endian. */
    public static String timeV2(byte[] b, int fsp) {
        long packed = timePacked(b, fsp);
        boolean negative = packed < 0;
        long abs = Math.abs(packed);
        long hms = abs >> 24;
        long micros = abs % (1L << 24);
        long hour = (hms >> 12) % (1 << 10);
        long minute = (hms >> 6) % (1 << 6);
        long second = hms % (1 << 6);
        return fraction(hms(new StringBuilder(17), negative, hour, minute, second), micros, fsp).toString();
    }

    /** {@code [-]HH:MM:SS}, hours in as many digits as they need (up to 838). */
    private static StringBuilder hms(StringBuilder out, boolean negative, long hour, long minute, long second) {
        if (negative) {
            out.append('-');
        }
        digits(out, hour, 2).append(':');
        digits(out, minute, 2).append(':');
        return digits(out, second, 2);
    }

    private static long timePacked(byte[] b, int fsp) {
        switch (fsp) {
            case 0 -> {
                return (be(b, 0, 3) - TIMEF_INT_OFS) << 24;
            }
            case 1, 2 -> {
                long intPart = be(b, 0, 3) - TIMEF_INT_OFS;
                int frac = b[3] & 0xFF;
                if (intPart < 0 && frac != 0) {
                    // Negative values store the fraction in reverse order (binary sort order).
                    intPart++;
                    frac -= 0x100;
                }
                return (intPart << 24) + frac * 10000L;
            }
            case 3, 4 -> {
                long intPart = be(b, 0, 3) - TIMEF_INT_OFS;
                int frac = (int) be(b, 3, 2);
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x10000;
                }
                return (intPart << 24) + frac * 100L;
            }
            case 5, 6 -> {
                return be(b, 0, 6) - TIMEF_OFS;
            }
            default -> throw new IllegalArgumentException("TIME precision must be 0..6, got " + fsp);
        }
    }

    /** DATETIME2: 5 bytes (sign, year*13+month, day, hour, minute, second) plus fraction, big-endian. */
    public static String datetimeV2(byte[] b, int fsp) {
        long intPart = be(b, 0, 5) - DATETIMEF_INT_OFS;
        long micros = signedFraction(b, 5, fsp);
        long packed = (intPart << 24) + micros;
        long abs = Math.abs(packed);
        long ymdhms = abs >> 24;
        long frac = abs % (1L << 24);
        long ymd = ymdhms >> 17;
        long ym = ymd >> 5;
        long hms = ymdhms % (1 << 17);
        StringBuilder out = new StringBuilder(26);
        ymd(out, ym / 13, ym % 13, ymd % (1 << 5)).append(' ');
        hms(out, false, hms >> 12, (hms >> 6) % (1 << 6), hms % (1 << 6));
        return fraction(out, frac, fsp).toString();
    }

    /** Pre-5.6 DATETIME: 8-byte little-endian integer YYYYMMDDHHMMSS. */
    public static String datetimeV1(long v) {
        long date = v / 1_000_000;
        long time = v % 1_000_000;
        StringBuilder out = ymd(new StringBuilder(19), date / 10000, date / 100 % 100, date % 100).append(' ');
        return hms(out, false, time / 10000, time / 100 % 100, time % 100).toString();
    }

    /** TIMESTAMP2: 4-byte big-endian seconds since the epoch plus fraction, rendered in UTC. */
    public static String timestampV2(byte[] b, int fsp) {
        long seconds = be(b, 0, 4);
        long micros = signedFraction(b, 4, fsp);
        return timestamp(seconds, micros, fsp);
    }

    /**
     * TIMESTAMP in UTC text; second 0 with no fraction is MySQL's zero timestamp. Written digit by
     * digit rather than by a DateTimeFormatter, which was most of a TIMESTAMP cell's decoding.
     */
    public static String timestamp(long epochSeconds, long micros, int fsp) {
        if (epochSeconds == 0 && micros == 0) {
            return ZERO_DATETIME + fraction(0, fsp);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
        StringBuilder out = ymd(new StringBuilder(26), t.getYear(), t.getMonthValue(), t.getDayOfMonth()).append(' ');
        hms(out, false, t.getHour(), t.getMinute(), t.getSecond());
        return fraction(out, micros, fsp).toString();
    }

    private static long signedFraction(byte[] b, int offset, int fsp) {
        return switch (fsp) {
            case 0 -> 0;
            case 1, 2 -> (long) b[offset] * 10000;
            case 3, 4 -> (long) (short) be(b, offset, 2) * 100;
            case 5, 6 -> (be(b, offset, 3) << 40) >> 40;
            default -> throw new IllegalArgumentException("fractional precision must be 0..6, got " + fsp);
        };
    }

    /** ".ffffff" cut to {@code fsp} digits, or "" for precision 0. */
    static String fraction(long micros, int fsp) {
        return fsp == 0 ? "" : fraction(new StringBuilder(7), micros, fsp).toString();
    }

    private static StringBuilder fraction(StringBuilder out, long micros, int fsp) {
        if (fsp == 0) {
            return out;
        }
        if (micros < 0 || micros > 999_999) {
            return out.append('.').append(String.format("%06d", micros), 0, fsp);
        }
        out.append('.');
        for (long div = 100_000; fsp > 0; div /= 10, fsp--) {
            out.append((char) ('0' + micros / div % 10));
        }
        return out;
    }

    private static String ymd(long year, long month, long day) {
        return ymd(new StringBuilder(10), year, month, day).toString();
    }

    /** As {@code String.format("%04d-%02d-%02d")}: called per temporal cell, so without the formatter. */
    private static StringBuilder ymd(StringBuilder out, long year, long month, long day) {
        digits(out, year, 4).append('-');
        digits(out, month, 2).append('-');
        return digits(out, day, 2);
    }

    /**
     * {@code v} zero-padded to {@code width} digits, as {@code %0<width>d} writes it: digit by digit,
     * as every temporal cell has three to six such fields.
     */
    static StringBuilder digits(StringBuilder out, long v, int width) {
        if (width == 2 && v >= 0 && v < 100) { // months, days, hours, minutes, seconds: constant divisors
            int x = (int) v;
            return out.append((char) ('0' + x / 10)).append((char) ('0' + x % 10));
        }
        if (v < 0) {
            return out.append(String.format("%0" + width + "d", v));
        }
        int count = 1;
        long unit = 1;
        while (count < 19 && unit * 10 <= v) {
            unit *= 10;
            count++;
        }
        for (int i = count; i < width; i++) {
            out.append('0');
        }
        for (; unit > 0; unit /= 10) {
            out.append((char) ('0' + v / unit % 10));
        }
        return out;
    }

    private static long be(byte[] b, int offset, int length) {
        long v = 0;
        for (int i = offset; i < offset + length; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }
}
