package dev.duplex.core.filter;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Filters come from callers we do not trust (the precheck endpoint validates whole configs), so
 * parsing must end, on any text, in a filter or a {@link WhereParseException} that points into
 * the text; a filter must render to SQL and evaluate on any row without anything but the
 * documented {@link FilterEvaluationException}. Texts are generated from the grammar, then
 * mutated: tokens deleted, inserted, swapped, duplicated; deep nesting; truncation; random
 * characters. Seeded: the seed is printed; {@code -Dduplex.fuzz.seed=N} repeats a run.
 */
class WhereFilterFuzzTest {
    private static final int COUNT = Integer.getInteger("duplex.fuzz.count", 12_000);
    private static final List<FilterGenerator.Column> COLUMNS = List.of(
            new FilterGenerator.Column("n", FilterGenerator.Kind.NUMBER),
            new FilterGenerator.Column("t", FilterGenerator.Kind.STRING),
            new FilterGenerator.Column("`b b`", FilterGenerator.Kind.BINARY),
            new FilterGenerator.Column("missing", FilterGenerator.Kind.NUMBER));
    private static final String[] TOKENS = {"(", ")", "'", "\"", "`", "\\", " AND ", " OR ", " NOT ", " IN ", ",",
        "=", "<=>", "!", " ESCAPE ", " LIKE ", " BETWEEN ", " IS ", " NULL ", "1e99999999999", "9".repeat(80), ".",
        "-", "+", ";", "\0", "\u0663", "\uD800", "\uDFFF", "\uD83D\uDE00", "--", "/*", "#", "e", "0x1F", "''",
        "\\'", "\\", "lower(", "t.x", "\u00A0", "\u2028", "%", "_", "?"};

    private record Failure(String text, Throwable error) {}

    @Test
    void shouldParseAnyTextIntoAFilterOrAParseErrorWithItsPosition() {
        long seed = Long.getLong("duplex.fuzz.seed", System.nanoTime());
        System.out.println("WhereFilterFuzzTest seed " + seed + " (-Dduplex.fuzz.seed=" + seed + " repeats it)");
        Random random = new Random(seed);
        FilterGenerator generator = new FilterGenerator(random, COLUMNS);
        List<Failure> failures = new ArrayList<>();
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < COUNT; i++) {
                String text = mutate(random, generator.filter(random.nextInt(6)));
                try {
                    check(text, random, outcomes);
                } catch (Throwable t) {
                    failures.add(new Failure(text, t));
                }
            }
        }, "a filter made the parser, renderer or evaluator run away (seed " + seed + ")");
        System.out.println("WhereFilterFuzzTest: " + COUNT + " texts, " + outcomes[0] + " parsed, " + outcomes[1]
                + " parse errors, " + failures.size() + " failures");
        failures.stream().limit(10).forEach(f -> System.out.println("FAILURE " + printable(f.text()) + ": " + f.error()));
        assertTrue(failures.isEmpty(), failures.size() + " texts failed (seed " + seed + "), first: "
                + failures.stream().findFirst().map(f -> printable(f.text()) + ": " + f.error()).orElse(""));
        assertTrue(outcomes[0] > COUNT / 10 && outcomes[1] > COUNT / 10, "too one-sided a mix: " + Arrays.toString(outcomes));
    }

    private static void check(String text, Random random, int[] outcomes) {
        WhereFilter filter;
        try {
            filter = WhereFilter.parse(text);
        } catch (WhereParseException e) {
            if (e.position() < 1 || e.position() > text.length() + 1 || e.getMessage() == null) {
                throw new AssertionError("parse error outside the text (length " + text.length() + "): " + e.getMessage());
            }
            outcomes[1]++;
            return;
        }
        outcomes[0]++;
        WhereSql sql = filter.sql();
        long marks = sql.sql().replaceAll("`(?:[^`]|``)*`", "").chars().filter(c -> c == '?').count();
        if (marks != sql.parameters().size()) {
            throw new AssertionError(marks + " ? for " + sql.parameters().size() + " parameters in " + sql);
        }
        Map<String, Value> row = row(random);
        try {
            filter.evaluate(WhereFilter.lookup(row), Dialect.MARIADB);
        } catch (FilterEvaluationException e) {
            if (filter.columns().stream().allMatch(c -> WhereFilter.lookup(row).apply(c) != null)) {
                throw new AssertionError("evaluation failed though the row has every column: " + e.getMessage(), e);
            }
        }
    }

    /** One of the grammar's texts, changed in one of many ways, or left as it is. */
    private static String mutate(Random random, String text) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> text;
            case 3 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(6)));
            case 4 -> text.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(at);
            case 5 -> swapWords(random, text);
            case 6 -> text.substring(0, at) + text.substring(at / 2, at) + text.substring(at);
            case 7 -> nest(random, text);
            case 8 -> text.substring(0, at);
            case 9 -> randomChars(random);
            case 10 -> text + " " + (random.nextBoolean() ? "AND " : "OR ") + mutate(random, text);
            default -> text.replace(" ", TOKENS[random.nextInt(TOKENS.length)]);
        };
    }

    private static String swapWords(Random random, String text) {
        String[] words = text.split(" ");
        int a = random.nextInt(words.length);
        int b = random.nextInt(words.length);
        String w = words[a];
        words[a] = words[b];
        words[b] = w;
        return String.join(" ", words);
    }

    /** Parentheses or NOTs around the text, often past the nesting limit; sometimes unbalanced. */
    private static String nest(Random random, String text) {
        int depth = random.nextInt(4) == 0 ? 1 + random.nextInt(5000) : 1 + random.nextInt(2 * WhereFilter.MAX_NESTING);
        return switch (random.nextInt(3)) {
            case 0 -> "(".repeat(depth) + text + ")".repeat(random.nextInt(4) == 0 ? depth / 2 : depth);
            case 1 -> "NOT ".repeat(depth) + text;
            default -> "n IN (" + "(".repeat(depth) + "1" + ")".repeat(depth) + ") AND " + text;
        };
    }

    private static String randomChars(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            sb.append(random.nextInt(3) == 0 ? (char) random.nextInt(0x10000) : (char) random.nextInt(0x80));
        }
        return sb.toString();
    }

    /** The filter's columns with values of every kind, including the odd ones. */
    private static Map<String, Value> row(Random random) {
        Map<String, Value> row = new LinkedHashMap<>();
        row.put("n", value(random));
        row.put("t", value(random));
        row.put("b b", value(random));
        return row;
    }

    private static Value value(Random random) {
        return switch (random.nextInt(18)) {
            case 0 -> Value.Null.INSTANCE;
            case 1 -> new Value.Int(random.nextLong());
            case 2 -> new Value.UInt(random.nextLong());
            case 3 -> new Value.Decimal(new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(30)));
            case 4 -> new Value.Float32(pick(random, Float.NaN, Float.POSITIVE_INFINITY, 0.1f, -0f, Float.MAX_VALUE));
            case 5 -> new Value.Float64(random.nextBoolean() ? Double.NEGATIVE_INFINITY : Double.MIN_VALUE * random.nextInt());
            case 6 -> new Value.Bit(random.nextLong(), 64);
            case 7 -> new Value.Year(2024);
            case 8 -> new Value.Text(pick(random, "1e99999999999", "-1e-99999999999", "9".repeat(400) + "e9999",
                    " 1.5e3x", ".", "-", "1e", "", "\0", "\uD800", "abc"));
            case 9 -> new Value.Text(randomChars(random));
            case 10 -> new Value.Enum("a");
            case 11 -> new Value.Set("a,b");
            case 12 -> new Value.Json("{\"a\": 1e99999999999}");
            case 13 -> new Value.Date("0000-00-00");
            case 14 -> new Value.Time("-838:59:59");
            case 15 -> new Value.DateTime("2024-02-29 23:59:59.999999");
            case 16 -> new Value.Bytes(bytes(random));
            default -> new Value.Geometry(bytes(random));
        };
    }

    private static byte[] bytes(Random random) {
        byte[] b = new byte[random.nextInt(12)];
        random.nextBytes(b);
        return b;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().limit(300).forEach(c -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return sb + (s.length() > 300 ? "... (" + s.length() + " chars)" : "");
    }
}
