package dev.duplex.core.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random filter text from the filter grammar, over a fixed set of columns, written in the many
 * ways the grammar allows (keyword case, quote styles, escapes, parentheses). Every filter it
 * makes parses.
 *
 * <p>It stays inside the part of the language where Duplex's evaluator and MariaDB agree by
 * design, so that {@link WhereSqlMatchesEvaluatorIT} can demand equal answers. MariaDB picks a
 * comparison type for BETWEEN, and a collation for IN and BETWEEN, from the declared types of
 * all their arguments; the evaluator sees values, and a NULL value has no type. So a BETWEEN that
 * mixes numbers and strings gets literal bounds, and a binary column is never an IN item or a
 * BETWEEN bound. Strings never end in a space (PAD SPACE, documented as not honoured) and are
 * ASCII (accent-insensitivity, documented likewise).
 */
final class FilterGenerator {

    enum Kind { NUMBER, STRING, BINARY, NONE }

    /** A column as the filter writes it. */
    record Column(String reference, Kind kind) {}

    private record Operand(String text, Kind kind, boolean literal) {}

    private static final String ALPHABET = "aAbBeEzZ0159 .-+_%\\'\"!|";
    private static final String[] NUMBERS = {"0", "1", "2", "3", "10", "12", "1.5", "1.50", "0.25", ".5", "1.",
        "1e1", "2E-1", "1e0", "5e-1", "99999999999999999999", "0.000001"};
    private static final String[] OPERATORS = {"=", "!=", "<>", "<", "<=", ">", ">=", "<=>"};
    private static final String[] ESCAPES = {"!", "|", "\\\\"};

    private final Random random;
    private final List<Column> columns;

    FilterGenerator(Random random, List<Column> columns) {
        this.random = random;
        this.columns = List.copyOf(columns);
    }

    /** A filter whose parentheses and NOT nest at most about {@code depth} levels. */
    String filter(int depth) {
        return condition(depth);
    }

    private String condition(int depth) {
        if (depth <= 0) {
            return predicate(0);
        }
        return switch (random.nextInt(10)) {
            case 0, 1 -> condition(depth - 1) + " " + word("AND") + " " + condition(depth - 1);
            case 2, 3 -> condition(depth - 1) + " " + word("OR") + " " + condition(depth - 1);
            case 4 -> word("NOT") + " " + condition(depth - 1);
            case 5 -> "(" + condition(depth - 1) + ")";
            default -> predicate(depth - 1);
        };
    }

    private String predicate(int depth) {
        Operand left = operand(depth);
        return switch (random.nextInt(12)) {
            case 0, 1, 2, 3 -> left.text() + space() + pick(OPERATORS) + space() + operand(depth).text();
            case 4, 5 -> in(left, depth);
            case 6 -> between(left, depth);
            case 7 -> left.text() + " " + word("IS") + " " + (random.nextBoolean() ? word("NOT") + " " : "")
                    + word("NULL");
            case 8, 9 -> like(left, depth);
            default -> left.text();
        };
    }

    private String in(Operand left, int depth) {
        List<String> items = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        while (items.size() < n) {
            Operand item = operand(depth);
            if (item.kind() != Kind.BINARY) {
                items.add(item.text());
            }
        }
        return left.text() + " " + negation() + word("IN") + " (" + String.join(", ", items) + ")";
    }

    private String between(Operand left, int depth) {
        Operand low = nonBinary(depth);
        Operand high = nonBinary(depth);
        if (mixed(left, low, high)) {
            low = literal();
            high = literal();
        }
        return left.text() + " " + negation() + word("BETWEEN") + " " + low.text() + " " + word("AND") + " "
                + high.text();
    }

    private Operand nonBinary(int depth) {
        Operand o = operand(depth);
        return o.kind() == Kind.BINARY ? literal() : o;
    }

    private static boolean mixed(Operand... operands) {
        boolean number = false;
        boolean string = false;
        for (Operand o : operands) {
            number |= o.kind() == Kind.NUMBER;
            string |= o.kind() == Kind.STRING || o.kind() == Kind.BINARY;
        }
        return number && string;
    }

    private String like(Operand left, int depth) {
        String pattern = random.nextInt(4) == 0 ? operand(depth).text() : quote(pattern());
        String escape = random.nextInt(3) == 0 ? " " + word("ESCAPE") + " '" + pick(ESCAPES) + "'" : "";
        return left.text() + " " + negation() + word("LIKE") + " " + pattern + escape;
    }

    private Operand operand(int depth) {
        int roll = random.nextInt(20);
        if (roll < 8) {
            Column c = columns.get(random.nextInt(columns.size()));
            return new Operand(c.reference(), c.kind(), false);
        }
        if (roll < 18 || depth <= 0) {
            return literal();
        }
        return new Operand("(" + condition(depth - 1) + ")", Kind.NUMBER, false);
    }

    private Operand literal() {
        int roll = random.nextInt(20);
        if (roll < 8) {
            String sign = random.nextInt(4) == 0 ? (random.nextBoolean() ? "-" : "+") : "";
            return new Operand(sign + pick(NUMBERS), Kind.NUMBER, true);
        }
        if (roll < 17) {
            return new Operand(quote(text()), Kind.STRING, true);
        }
        return switch (roll) {
            case 17 -> new Operand(word("TRUE"), Kind.NUMBER, true);
            case 18 -> new Operand(word("FALSE"), Kind.NUMBER, true);
            default -> new Operand(word("NULL"), Kind.NONE, true);
        };
    }

    /** A string value: ASCII, at most 6 characters, never ending in a space. */
    String text() {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(7);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString().stripTrailing();
    }

    /** A LIKE pattern value: wildcards, escaped wildcards and plain characters. */
    private String pattern() {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            int roll = random.nextInt(8);
            sb.append(switch (roll) {
                case 0 -> "%";
                case 1 -> "_";
                case 2 -> random.nextBoolean() ? "!%" : "|_";
                default -> String.valueOf(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            });
        }
        return sb.toString().stripTrailing();
    }

    /**
     * {@code value} as a literal the lexer reads back as {@code value}: single or double quotes,
     * the quote doubled or backslash-escaped, a backslash always doubled. A backslash before %
     * or _ is kept by MySQL and by the lexer, so "\\%" in the text is the two characters \%.
     */
    String quote(String value) {
        char q = random.nextInt(4) == 0 ? '"' : '\'';
        boolean doubling = random.nextBoolean();
        StringBuilder sb = new StringBuilder().append(q);
        for (char c : value.toCharArray()) {
            if (c == q) {
                sb.append(doubling ? "" + q + q : "\\" + q);
            } else if (c == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
        return sb.append(q).toString();
    }

    private String negation() {
        return random.nextInt(3) == 0 ? word("NOT") + " " : "";
    }

    private String space() {
        return random.nextInt(4) == 0 ? "" : " ";
    }

    /** A keyword in upper, lower or mixed case. */
    private String word(String keyword) {
        return switch (random.nextInt(4)) {
            case 0 -> keyword.toLowerCase(Locale.ROOT);
            case 1 -> keyword.charAt(0) + keyword.substring(1).toLowerCase(Locale.ROOT);
            default -> keyword;
        };
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
