package dev.duplex.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written temporal shape checks accept exactly what the regular expressions they
 * replaced accepted: valid values, then each mutated at random (a character replaced, inserted or
 * dropped). Seeded: the seed is printed; {@code -Dduplex.fuzz.seed=N} repeats a run.
 */
class TemporalsTest {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?");
    private static final Pattern TIME = Pattern.compile("-?(\\d{2,3}):([0-5]\\d):([0-5]\\d)(\\.\\d{1,6})?");
    private static final List<String> SEEDS = List.of("0000-00-00", "2024-02-29", "9999-12-31 23:59:59",
            "2024-02-29 23:59:59.999999", "1970-01-01 00:00:00.1", "00:00:00", "-838:59:59.000000", "838:59:59",
            "12:34:56.5", "-01:02:03", "100:00:00", "839:00:00", "999:59:59", "-1:00:00", "2024-1-1");
    private static final String ALPHABET = "0123456789-:. 5969T/a\u0660";

    @Test
    void shouldAcceptExactlyWhatTheRegularExpressionsAccepted() {
        long seed = Long.getLong("duplex.fuzz.seed", System.nanoTime());
        System.out.println("TemporalsTest seed " + seed + " (-Dduplex.fuzz.seed=" + seed + " repeats it)");
        Random random = new Random(seed);
        for (String s : SEEDS) {
            check(s, seed);
            for (int i = 0; i < 2_000; i++) {
                check(mutate(s, random), seed);
            }
        }
    }

    private static String mutate(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
            int at = random.nextInt(b.length() + 1);
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0 -> b.insert(at, c);
                case 1 -> b.setCharAt(Math.min(at, b.length() - 1), c);
                default -> b.deleteCharAt(Math.min(at, b.length() - 1));
            }
            if (b.isEmpty()) {
                return "";
            }
        }
        return b.toString();
    }

    private static void check(String s, long seed) {
        String what = "'" + s + "' (seed " + seed + ")";
        assertEquals(DATE.matcher(s).matches(), accepts(Temporals::requireDate, s), "DATE " + what);
        assertEquals(DATETIME.matcher(s).matches(), accepts(Temporals::requireDateTime, s), "DATETIME " + what);
        Matcher time = TIME.matcher(s);
        boolean timeValid = time.matches() && Integer.parseInt(time.group(1)) <= 838;
        assertEquals(timeValid, accepts(Temporals::requireTime, s), "TIME " + what);
    }

    private static boolean accepts(Consumer<String> check, String s) {
        try {
            check.accept(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
