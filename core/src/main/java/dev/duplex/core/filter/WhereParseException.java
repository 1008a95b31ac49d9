package dev.duplex.core.filter;

/** A WHERE filter that does not parse; says where (1-based position) and what was expected there. */
public final class WhereParseException extends IllegalArgumentException {

    private final int position;
    private final String expected;

    public WhereParseException(String message, int position, String expected) {
        super(message + " at position " + position);
        this.position = position;
        this.expected = expected == null ? "" : expected;
    }

    /** 1-based character position in the filter text where the problem is. */
    public int position() {
        return position;
    }

    /** What the parser expected there, e.g. "')'" or "a value"; "" when not applicable. */
    public String expected() {
        return expected;
    }
}
