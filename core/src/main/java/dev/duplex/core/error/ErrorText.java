package dev.duplex.core.error;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of an error's text may be shown: the one owner of that answer. A server error about a
 * value quotes the value ({@code Duplicate entry 'alice@example.com' for key 'email'},
 * {@code Incorrect integer value: 'x' for column `shop`.`t`.`n` at row 1}); such text goes to the
 * direction's last error, a task's FAILED reason and logs at INFO and above only through here,
 * with the quoted value replaced by {@value #HIDDEN} and the names of keys, columns and tables
 * kept. The full text is for DEBUG logs only.
 *
 * <p>Text from anywhere (a reason built around a server message) is matched by the server's
 * English message shapes; where the error itself is at hand ({@link #redact(int, String)},
 * {@link #of(Throwable)}), its code also covers a message in another {@code lc_messages}
 * language, and a message set by a {@code SIGNAL} is withheld whole. The shapes, checked on
 * MariaDB 10.11 and MySQL 8, are listed in docs/errors.md.
 */
public final class ErrorText {
    /** What stands where a value was. */
    public static final String HIDDEN = "<redacted>";

    /** Server errors whose message quotes a value; a message of theirs that no shape matches loses every quoted part. */
    private static final Set<Integer> VALUE_CODES = Set.of(
            1062, // ER_DUP_ENTRY: Duplicate entry '%s' for key '%s'
            1586, // ER_DUP_ENTRY_WITH_KEY_NAME
            1569, // ER_DUP_ENTRY_AUTOINCREMENT_CASE: ... duplicate entry '%s' for key '%s'
            1366, // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD: Incorrect %s value: '%s' for column %s at row %d
            1292, // ER_TRUNCATED_WRONG_VALUE: Incorrect %s value: '%s' for column ... / Truncated incorrect %s value: '%s'
            1411, // ER_WRONG_VALUE_FOR_TYPE: Incorrect %s value: '%s' for function %s
            1525, // ER_WRONG_VALUE: Incorrect %s value: '%s'
            1367, // ER_ILLEGAL_VALUE_FOR_TYPE: Illegal %s '%s' value found during parsing
            1690, // ER_DATA_OUT_OF_RANGE: %s value is out of range in '%s' (the expression, literals and all)
            1300, // ER_INVALID_CHARACTER_STRING: Invalid %s character string: '%s'
            3854, // MySQL ER_CANNOT_CONVERT_STRING: Cannot convert string '%s' from %s to %s
            1916, // MariaDB ER_DATA_OVERFLOW: Got overflow when converting '%s' to %s
            1918, // MariaDB ER_BAD_DATA: Encountered illegal value '%s' when converting to %s
            1761, 1762 // ER_FOREIGN_DUPLICATE_KEY_*: Foreign key constraint for table '%s', record '%s' would lead to ...
    );

    /** Messages a trigger or routine wrote itself (SIGNAL / RESIGNAL): anything may be in them. */
    private static final Set<Integer> USER_MESSAGE_CODES = Set.of(1642, 1643, 1644);

    /**
     * Where a quoted value starts (group 1 ends with its opening quote), and what may follow its
     * closing quote; a null end: the value runs to the text's last quote.
     */
    private record Shape(Pattern start, Pattern end) {
        static Shape of(String start, String end) {
            return new Shape(Pattern.compile(start, Pattern.CASE_INSENSITIVE),
                    end == null ? null : Pattern.compile(end, Pattern.CASE_INSENSITIVE));
        }
    }

    private static final List<Shape> SHAPES = List.of(
            Shape.of("(duplicate entry ')", "' for key '"),
            // also "Truncated incorrect DOUBLE value: 'x'" and ER_WRONG_VALUE, which end at the quote
            Shape.of("(incorrect [\\w ]{1,40} value: ')", "' for (?:column|function) "),
            Shape.of("(illegal [\\w ]{1,40} ')", "' value found during parsing"),
            Shape.of("(value is out of range in ')", null),
            Shape.of("(invalid [\\w-]{1,40} character string: ')", null),
            Shape.of("(cannot convert string ')", "' from "),
            Shape.of("(got overflow when converting ')", "' to "),
            Shape.of("(encountered illegal value ')", "' when converting "),
            Shape.of("(, record ')", "' would lead to a duplicate entry"));

    private ErrorText() {}

    /** {@code text} with the values quoted by the server error shapes it contains hidden. */
    public static String redact(String text) {
        if (text == null || text.indexOf('\'') < 0) {
            return text;
        }
        String out = text;
        for (Shape shape : SHAPES) {
            out = hide(out, shape);
        }
        return out;
    }

    /** A server error's message as it may be shown, knowing its code (0: unknown). */
    public static String redact(int code, String message) {
        if (message == null) {
            return null;
        }
        if (USER_MESSAGE_CODES.contains(code)) {
            return "(the message a SIGNAL in a trigger or stored routine set, withheld: it may quote row values;"
                    + " DEBUG logging shows it)";
        }
        String shown = redact(message);
        if (shown.equals(message) && VALUE_CODES.contains(code)) {
            return hideQuoted(message); // no English shape matched: another lc_messages language
        }
        return shown;
    }

    /** {@code t}'s message (its type when it has none) as it may be shown. */
    public static String of(Throwable t) {
        if (t == null) {
            return "";
        }
        return redact(t.getMessage() == null ? t.toString() : t.getMessage(), t);
    }

    /** As {@link Throwable#toString()}, the type and the message, with the message as it may be shown. */
    public static String summary(Throwable t) {
        if (t == null) {
            return "";
        }
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + of(t);
    }

    /**
     * {@code text}, which may quote the messages of {@code cause} and its causes, as it may be
     * shown: each quoted server message redacted by its own code, then the whole by its shapes.
     */
    public static String redact(String text, Throwable cause) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Throwable c : chain(cause)) {
            if (c instanceof SQLException s && s.getMessage() != null && !s.getMessage().isEmpty()) {
                out = out.replace(s.getMessage(), redact(s.getErrorCode(), s.getMessage()));
            }
        }
        return redact(out);
    }

    /**
     * A stand-in for {@code t} to log at INFO and above: the same types (in its text), stack
     * traces, causes and suppressed errors, with every message redacted.
     */
    public static Throwable redacted(Throwable t) {
        return t == null ? null : copy(t, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static Throwable copy(Throwable t, Set<Throwable> seen) {
        seen.add(t);
        Throwable cause = t.getCause() == null || seen.contains(t.getCause()) ? null : copy(t.getCause(), seen);
        Redacted r = new Redacted(t.getClass().getName(), t.getMessage() == null ? null : of(t), cause);
        r.setStackTrace(t.getStackTrace());
        for (Throwable s : t.getSuppressed()) {
            if (!seen.contains(s)) {
                r.addSuppressed(copy(s, seen));
            }
        }
        return r;
    }

    private static List<Throwable> chain(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && out.size() < 32 && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    /**
     * Every value of {@code shape} in {@code text} hidden. A value may itself contain quotes, so
     * it ends at the last place the shape's end fits (or the text's last quote), never earlier:
     * hiding too much beats showing part of a value.
     */
    private static String hide(String text, Shape shape) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        Matcher m = shape.start().matcher(text);
        while (from < text.length() && m.find(from)) {
            int valueStart = m.end(1);
            int valueEnd = lastEnd(text, valueStart, shape.end());
            out.append(text, from, valueStart).append(HIDDEN);
            from = valueEnd;
        }
        return out.append(text, Math.min(from, text.length()), text.length()).toString();
    }

    /** Where the value starting at {@code start} ends: the index of its closing quote. */
    private static int lastEnd(String text, int start, Pattern end) {
        int at = -1;
        if (end != null) {
            Matcher e = end.matcher(text);
            int searchFrom = start;
            while (searchFrom <= text.length() && e.find(searchFrom)) {
                at = e.start();
                searchFrom = e.start() + 1;
            }
        }
        if (at < 0) {
            int lastQuote = text.lastIndexOf('\'');
            at = lastQuote >= start ? lastQuote : text.length();
        }
        return at;
    }

    /** Everything from the first quote to the last hidden: the shape of the message is unknown. */
    private static String hideQuoted(String message) {
        int first = message.indexOf('\'');
        int last = message.lastIndexOf('\'');
        if (first < 0) {
            return message;
        }
        return message.substring(0, first + 1) + HIDDEN + (last > first ? message.substring(last) : "'");
    }

    /** Prints as the original type with the redacted message. */
    private static final class Redacted extends RuntimeException {
        private final String type;

        Redacted(String type, String message, Throwable cause) {
            super(message, cause);
            this.type = type;
        }

        @Override
        public String toString() {
            String m = getLocalizedMessage();
            return m == null ? type : type + ": " + m;
        }
    }
}
