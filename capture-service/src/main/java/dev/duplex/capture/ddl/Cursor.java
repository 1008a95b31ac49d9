package dev.duplex.capture.ddl;

import java.util.List;

/** A position in a statement's tokens, with the small steps every grammar here is made of. */
final class Cursor {
    private final List<Token> tokens;
    private final int end;
    private int i;

    Cursor(List<Token> tokens, int from, int end) {
        this.tokens = tokens;
        this.i = from;
        this.end = end;
    }

    List<Token> tokens() {
        return tokens;
    }

    int index() {
        return i;
    }

    void seek(int index) {
        i = index;
    }

    int end() {
        return end;
    }

    boolean atEnd() {
        return i >= end;
    }

    /** The token {@code ahead} places on, or null past the end. */
    Token peek(int ahead) {
        int k = i + ahead;
        return k < end ? tokens.get(k) : null;
    }

    Token peek() {
        return peek(0);
    }

    Token next() {
        return i < end ? tokens.get(i++) : null;
    }

    /** Whether the next tokens are the keywords {@code words}, in order. */
    boolean at(String... words) {
        for (int k = 0; k < words.length; k++) {
            Token t = peek(k);
            if (t == null || !t.is(words[k])) {
                return false;
            }
        }
        return true;
    }

    boolean atSymbol(String symbol) {
        Token t = peek();
        return t != null && t.isSymbol(symbol);
    }

    /** Consumes the keywords {@code words} if they come next. */
    boolean accept(String... words) {
        if (!at(words)) {
            return false;
        }
        i += words.length;
        return true;
    }

    boolean acceptSymbol(String symbol) {
        if (!atSymbol(symbol)) {
            return false;
        }
        i++;
        return true;
    }

    /** Consumes the first of {@code words} that comes next; returns it, or null. */
    String acceptAny(String... words) {
        for (String w : words) {
            if (accept(w)) {
                return w;
            }
        }
        return null;
    }

    /** {@code name} or {@code db.name}; null (nothing consumed) when no name comes next. */
    ObjectRef name() {
        Token first = peek();
        if (first == null || !first.isName()) {
            return null;
        }
        Token dot = peek(1);
        Token second = peek(2);
        if (dot != null && dot.isSymbol(".") && second != null && second.isName()) {
            i += 3;
            return new ObjectRef(first, second);
        }
        i++;
        return new ObjectRef(null, first);
    }

    /** Index just after the group that opens at {@code open} (a '('), or the end. */
    int closeOf(int open) {
        int depth = 0;
        for (int k = open; k < end; k++) {
            Token t = tokens.get(k);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")") && --depth == 0) {
                return k + 1;
            }
        }
        return end;
    }

    /** Skips the parenthesized group that comes next, if one does. */
    void skipGroup() {
        if (atSymbol("(")) {
            i = closeOf(i);
        }
    }

    /** {@code WAIT n} or {@code NOWAIT} (MariaDB's lock wait option after a table name). */
    void skipWait() {
        if (accept("NOWAIT")) {
            return;
        }
        if (at("WAIT") && peek(1) != null && peek(1).type() == Token.Type.NUMBER) {
            i += 2;
        }
    }
}
