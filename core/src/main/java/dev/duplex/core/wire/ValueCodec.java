package dev.duplex.core.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.duplex.core.model.Value;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Column values on the wire. Only the three families whose JSON form cannot be mistaken travel
 * bare (null, signed integer, text); every other family is a one-key object whose key names
 * it, so that, say, an unsigned 2^64-1, the DECIMAL 1.50 and the DOUBLE 1.5 each come back as
 * exactly what they were.
 */
final class ValueCodec {

    private static final Pattern UNSIGNED = Pattern.compile("0|[1-9]\\d{0,19}");
    // Exactly what BigDecimal.toPlainString writes: no exponent, no '+', no bare '.5'.
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");

    private ValueCodec() {}

    /** The value tags, pre-encoded: written for every tagged value. */
    private static final class Tags {
        static final SerializableString U = new SerializedString("u");
        static final SerializableString DEC = new SerializedString("dec");
        static final SerializableString F = new SerializedString("f");
        static final SerializableString D = new SerializedString("d");
        static final SerializableString BIT = new SerializedString("bit");
        static final SerializableString B = new SerializedString("b");
        static final SerializableString GEO = new SerializedString("geo");
        static final SerializableString DATE = new SerializedString("date");
        static final SerializableString TIME = new SerializedString("time");
        static final SerializableString DT = new SerializedString("dt");
        static final SerializableString TS = new SerializedString("ts");
        static final SerializableString YEAR = new SerializedString("year");
        static final SerializableString ENUM = new SerializedString("enum");
        static final SerializableString SET = new SerializedString("set");
        static final SerializableString JSON = new SerializedString("json");
    }

    static void write(JsonGenerator gen, Value value) throws IOException {
        switch (value) {
            case Value.Null n -> gen.writeNull();
            case Value.Int v -> gen.writeNumber(v.value());
            case Value.Text v -> gen.writeString(v.value());
            case Value.UInt v -> tagged(gen, Tags.U, v.text());
            case Value.Decimal v -> tagged(gen, Tags.DEC, v.value().toPlainString());
            case Value.Float32 v -> taggedNumber(gen, Tags.F, floatText(v.value()));
            case Value.Float64 v -> taggedNumber(gen, Tags.D, doubleText(v.value()));
            case Value.Bit v -> tagged(gen, Tags.BIT, v.binary());
            case Value.Bytes v -> tagged(gen, Tags.B, Base64.getEncoder().encodeToString(v.value()));
            case Value.Geometry v -> tagged(gen, Tags.GEO, Base64.getEncoder().encodeToString(v.value()));
            case Value.Date v -> tagged(gen, Tags.DATE, v.text());
            case Value.Time v -> tagged(gen, Tags.TIME, v.text());
            case Value.DateTime v -> tagged(gen, Tags.DT, v.text());
            case Value.Timestamp v -> tagged(gen, Tags.TS, v.utcText());
            case Value.Year v -> taggedNumber(gen, Tags.YEAR, Integer.toString(v.value()));
            case Value.Enum v -> tagged(gen, Tags.ENUM, v.label());
            case Value.Set v -> tagged(gen, Tags.SET, v.labels());
            case Value.Json v -> tagged(gen, Tags.JSON, v.text());
        }
    }

    /** Reads one value whose first token is the cursor's current token. */
    static Value read(JsonCursor in) throws IOException {
        JsonToken token = in.current();
        return switch (token) {
            case VALUE_NULL -> Value.Null.INSTANCE;
            case VALUE_NUMBER_INT -> new Value.Int(in.currentLong());
            case VALUE_STRING -> new Value.Text(in.currentString());
            case START_OBJECT -> readTagged(in);
            case VALUE_NUMBER_FLOAT -> throw in.fail("bare fractional number " + in.currentNumberText()
                    + " is ambiguous: write {\"f\":..}, {\"d\":..} or {\"dec\":\"..\"}");
            default -> throw in.fail("expected a value (null, integer, string or tagged object), got "
                    + JsonCursor.describe(token));
        };
    }

    private static Value readTagged(JsonCursor in) throws IOException {
        String tag = in.nextField();
        if (tag == null) {
            throw in.fail("empty object is not a value: a tagged value has exactly one key");
        }
        in.next();
        Value value = readTagBody(in, tag);
        String extra = in.nextField();
        if (extra != null) {
            throw in.fail("tagged value '" + tag + "' has a second key '" + extra
                    + "': a tagged value has exactly one key");
        }
        return value;
    }

    private static Value readTagBody(JsonCursor in, String tag) throws IOException {
        return switch (tag) {
            case "u" -> new Value.UInt(parseUnsigned(in, in.currentString()));
            case "dec" -> new Value.Decimal(parseDecimal(in, in.currentString()));
            case "f" -> new Value.Float32(parseFloat(in, in.currentNumberText()));
            case "d" -> new Value.Float64(parseDouble(in, in.currentNumberText()));
            case "bit" -> Value.Bit.ofBinary(in.currentString());
            case "b" -> new Value.Bytes(parseBase64(in, in.currentString()));
            case "geo" -> new Value.Geometry(parseBase64(in, in.currentString()));
            case "date" -> new Value.Date(in.currentString());
            case "time" -> new Value.Time(in.currentString());
            case "dt" -> new Value.DateTime(in.currentString());
            case "ts" -> new Value.Timestamp(in.currentString());
            case "year" -> new Value.Year(in.currentInt());
            case "enum" -> new Value.Enum(in.currentString());
            case "set" -> new Value.Set(in.currentString());
            case "json" -> new Value.Json(in.currentString());
            default -> throw in.fail("unknown value tag '" + tag
                    + "' (known: u, dec, f, d, bit, b, geo, date, time, dt, ts, year, enum, set, json)");
        };
    }

    private static void tagged(JsonGenerator gen, SerializableString tag, String text) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(tag);
        gen.writeString(text);
        gen.writeEndObject();
    }

    private static void taggedNumber(JsonGenerator gen, SerializableString tag, String numberText) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(tag);
        gen.writeNumber(numberText);
        gen.writeEndObject();
    }

    /** Shortest text that reads back to the same bits; JSON has no NaN or infinity, nor has MySQL. */
    private static String floatText(float f) {
        if (!Float.isFinite(f)) {
            throw new IllegalArgumentException("FLOAT value " + f + " cannot be sent: MySQL stores only finite numbers");
        }
        return Float.toString(f);
    }

    private static String doubleText(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("DOUBLE value " + d + " cannot be sent: MySQL stores only finite numbers");
        }
        return Double.toString(d);
    }

    private static long parseUnsigned(JsonCursor in, String text) {
        if (!UNSIGNED.matcher(text).matches()) {
            throw in.fail("unsigned integer must be decimal digits without sign or leading zeros, got '" + text + "'");
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw in.fail("unsigned integer " + text + " is outside 0..18446744073709551615");
        }
    }

    private static BigDecimal parseDecimal(JsonCursor in, String text) {
        if (!PLAIN_DECIMAL.matcher(text).matches()) {
            throw in.fail("decimal must be plain digits like -12.50 (no exponent), got '" + text + "'");
        }
        return new BigDecimal(text);
    }

    // Parsing the token text directly (not via double) keeps FLOAT values bit-exact.
    private static float parseFloat(JsonCursor in, String text) {
        float f = Float.parseFloat(text);
        if (Float.isInfinite(f)) {
            throw in.fail("FLOAT value " + text + " is outside the 32-bit float range");
        }
        return f;
    }

    private static double parseDouble(JsonCursor in, String text) {
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            throw in.fail("DOUBLE value " + text + " is outside the 64-bit float range");
        }
        return d;
    }

    private static byte[] parseBase64(JsonCursor in, String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw in.fail("bad base64: " + e.getMessage(), e);
        }
    }
}
