package dev.duplex.capture.ddl;

import java.util.Locale;

/**
 * One significant token of a statement: its kind and where it stands in the text, so that a name
 * can be replaced without touching anything around it.
 *
 * @param start offset of its first character in the statement
 * @param end   offset just after its last character
 * @param text  the characters as written (a quoted name with its backquotes)
 */
public record Token(Type type, int start, int end, String text) {

    public enum Type {
        /** An unquoted identifier or keyword. */
        WORD,
        /** A backquoted identifier (or, under {@code ANSI_QUOTES}, a double-quoted one). */
        QUOTED,
        /** A string literal in single or double quotes. */
        STRING,
        NUMBER,
        /** {@code @name} or {@code @@scope.name}, also the {@code @host} of an account name. */
        VARIABLE,
        /** An operator or punctuation: {@code ( ) , . ; =} and the like. */
        SYMBOL
    }

    /** Whether this is the unquoted keyword {@code word} (any case). */
    public boolean is(String word) {
        return type == Type.WORD && text.equalsIgnoreCase(word);
    }

    /** Whether this is the punctuation {@code symbol}. */
    public boolean isSymbol(String symbol) {
        return type == Type.SYMBOL && text.equals(symbol);
    }

    /** Whether this token can be a name: an unquoted word or a backquoted identifier. */
    public boolean isName() {
        return type == Type.WORD || type == Type.QUOTED;
    }

    /** The identifier it names: a quoted one without its quotes and with its doubled quotes undone. */
    public String name() {
        if (type != Type.QUOTED) {
            return text;
        }
        String quote = text.substring(0, 1);
        return text.substring(1, text.length() - 1).replace(quote + quote, quote);
    }

    /** The upper-case text, for comparing keywords. */
    public String upper() {
        return text.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return text;
    }
}
