package dev.duplex.core.filter;

/**
 * One lexical token. {@code position} is the 1-based character position of its first
 * character in the filter text, so error messages point where the user looks.
 */
record WhereToken(Kind kind, String text, int position) {

    enum Kind { IDENTIFIER, QUOTED_IDENTIFIER, STRING, NUMBER, SYMBOL, END }

    boolean isKeyword(String keyword) {
        return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case END -> "end of input";
            case STRING -> "string '" + text + "'";
            case QUOTED_IDENTIFIER -> "`" + text + "`";
            default -> "'" + text + "'";
        };
    }
}
