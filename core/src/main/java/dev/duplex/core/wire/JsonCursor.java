package dev.duplex.core.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.duplex.core.error.DecodeException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A streaming JSON parser that knows where it is ({@code txs[0].changes[2].after[3]}), so that
 * every rejection names the exact place in the message. The path is kept as a cheap stack and
 * rendered only when something goes wrong: decoding a valid batch never builds path strings.
 */
final class JsonCursor {

    private final JsonParser parser;
    private final List<String> names = new ArrayList<>();
    private int[] indexes = new int[16];

    JsonCursor(JsonParser parser) {
        this.parser = parser;
    }

    /** The next token; running out of input inside the body means it was cut short. */
    JsonToken next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw fail("body is truncated: unexpected end of input");
        }
        return token;
    }

    /** Reads one member of an object; returns false if the name is not one it knows. */
    interface FieldReader {
        boolean read(String name) throws IOException;
    }

    /** Reads one array element whose first token is {@link #current()}. */
    interface ElementReader<T> {
        T read() throws IOException;
    }

    /** Reads the next token, which must start an object. */
    void startObject() throws IOException {
        next();
        requireObject();
    }

    void requireObject() {
        if (current() != JsonToken.START_OBJECT) {
            throw fail("expected an object, got " + describe(current()));
        }
    }

    /**
     * Reads the members of the current object up to its end. The format is versioned, so a
     * member this build does not know is an error rather than something to skip silently.
     */
    void readFields(FieldReader reader) throws IOException {
        String name;
        while ((name = nextField()) != null) {
            enter(name);
            boolean known = reader.read(name);
            leave();
            if (!known) {
                throw fail("unknown field '" + name + "' (the wire format is strict)");
            }
        }
    }

    /** Reads the next token as an array and every element of it. */
    <T> List<T> readArray(ElementReader<T> reader) throws IOException {
        startArray();
        List<T> out = new ArrayList<>();
        // The index is entered before the element's first token so that a syntax error inside
        // the element is reported at the element, not at the array.
        for (enterIndex(0); nextElement(); enterIndex(out.size())) {
            out.add(reader.read());
            leave();
        }
        leave();
        return out;
    }

    /** The value of a field read from the current object; null means it never appeared. */
    <T> T require(T value, String field) {
        if (value == null) {
            throw fail("missing required field '" + field + "'");
        }
        return value;
    }

    /** Reads the next token, which must start an array. */
    void startArray() throws IOException {
        JsonToken token = next();
        if (token != JsonToken.START_ARRAY) {
            throw fail("expected an array, got " + describe(token));
        }
    }

    /** The next field name of the current object, or null at its end. */
    String nextField() throws IOException {
        JsonToken token = next();
        return token == JsonToken.END_OBJECT ? null : parser.currentName();
    }

    /** True if the array has another element, whose first token is then {@link #current()}. */
    boolean nextElement() throws IOException {
        return next() != JsonToken.END_ARRAY;
    }

    JsonToken current() {
        return parser.currentToken();
    }

    String readString() throws IOException {
        next();
        return currentString();
    }

    String currentString() throws IOException {
        if (current() != JsonToken.VALUE_STRING) {
            throw fail("expected a string, got " + describe(current()));
        }
        return parser.getText();
    }

    long readLong() throws IOException {
        next();
        return currentLong();
    }

    /** The current token as a signed 64-bit integer; fractions and larger numbers are rejected. */
    long currentLong() throws IOException {
        if (current() != JsonToken.VALUE_NUMBER_INT) {
            throw fail("expected an integer, got " + describe(current()));
        }
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw fail("integer " + parser.getText() + " is outside the signed 64-bit range");
        }
        return parser.getLongValue();
    }

    int readInt() throws IOException {
        next();
        return currentInt();
    }

    int currentInt() throws IOException {
        long value = currentLong();
        if (value != (int) value) {
            throw fail("integer " + value + " is outside the 32-bit range");
        }
        return (int) value;
    }

    boolean readBoolean() throws IOException {
        JsonToken token = next();
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
            throw fail("expected true or false, got " + describe(token));
        }
        return token == JsonToken.VALUE_TRUE;
    }

    /** The exact text of the current number token, as written (no double rounding). */
    String currentNumberText() throws IOException {
        JsonToken token = current();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw fail("expected a number, got " + describe(token));
        }
        return parser.getText();
    }

    /** Fails unless the input ends after the top-level value. */
    void expectEnd() throws IOException {
        if (parser.nextToken() != null) {
            throw fail("unexpected content after the batch object");
        }
    }

    void enter(String field) {
        push(field, -1);
    }

    void enterIndex(int index) {
        push(null, index);
    }

    void leave() {
        names.removeLast();
    }

    /** Where the cursor is, for example {@code txs[0].changes[2].after[3]}; "batch" at the top. */
    String path() {
        if (names.isEmpty()) {
            return "batch";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null) {
                sb.append('[').append(indexes[i]).append(']');
            } else {
                sb.append(i == 0 ? "" : ".").append(name);
            }
        }
        return sb.toString();
    }

    DecodeException fail(String problem) {
        return new DecodeException(path() + ": " + problem);
    }

    DecodeException fail(String problem, Throwable cause) {
        return new DecodeException(path() + ": " + problem, cause);
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a fractional number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    private void push(String name, int index) {
        if (names.size() == indexes.length) {
            indexes = Arrays.copyOf(indexes, indexes.length * 2);
        }
        indexes[names.size()] = index;
        names.add(name);
    }
}
