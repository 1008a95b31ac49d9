package dev.duplex.cli.e2e.workload;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;

/** Random column values, NULL now and then, with multi-byte and 4-byte UTF-8 text. */
final class Values {
    private static final String[] PIECES = {"a", "Z", "0", " ", "é", "ß", "日本", "\uD83D\uDE00", "\uD83C\uDF89", "'",
        "\"", "\\", "%", "_", "\t", "ü", "ñ", "Ω"};

    private Values() {}

    static Object text(Random r, int max) {
        if (r.nextInt(10) == 0) {
            return null;
        }
        int len = r.nextInt(Math.min(max, 40) + 1);
        StringBuilder sb = new StringBuilder();
        while (sb.codePointCount(0, sb.length()) < len) {
            String p = PIECES[r.nextInt(PIECES.length)];
            if (sb.codePointCount(0, sb.length()) + p.codePointCount(0, p.length()) > max) {
                break;
            }
            sb.append(p);
        }
        return sb.toString();
    }

    static Object bytes(Random r, int max) {
        if (r.nextInt(10) == 0) {
            return null;
        }
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }

    static Object decimal(Random r) {
        return r.nextInt(10) == 0 ? null : BigDecimal.valueOf(r.nextLong(1_000_000_000_000L) - 500_000_000_000L, 4);
    }

    static Object dateTime(Random r) {
        return r.nextInt(10) == 0 ? null : LocalDateTime.of(1000 + r.nextInt(8999), 1 + r.nextInt(12),
                1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1_000_000) * 1000);
    }

    /** Inside TIMESTAMP's range; the session zone is UTC, so every value exists. */
    static Object timestamp(Random r) {
        return r.nextInt(10) == 0 ? null : LocalDateTime.of(1971 + r.nextInt(66), 1 + r.nextInt(12),
                1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1_000_000) * 1000);
    }

    static Object date(Random r) {
        return r.nextInt(10) == 0 ? null : LocalDate.of(1 + r.nextInt(9998), 1 + r.nextInt(12), 1 + r.nextInt(28));
    }

    /** TIME as text, so negative and over-24h values are possible. */
    static Object time(Random r) {
        if (r.nextInt(10) == 0) {
            return null;
        }
        int h = r.nextInt(838);
        return (r.nextBoolean() ? "-" : "") + h + ":" + r.nextInt(60) + ":" + r.nextInt(60) + "." + r.nextInt(1000);
    }

    static Object json(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> null;
            case 1 -> "{\"n\": " + r.nextInt() + ", \"s\": \"" + "h\u00e9llo \uD83D\uDE00" + "\", \"a\": [1, 2.5, null, true]}";
            case 2 -> "[]";
            case 3 -> "{\"nested\": {\"deep\": {\"x\": " + r.nextDouble() + "}}, \"empty\": {}}";
            case 4 -> "\"just a string\"";
            default -> String.valueOf(r.nextLong());
        };
    }

    @SafeVarargs
    static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

}
