package dev.duplex.core.model;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One column value with its exact MySQL meaning. Temporal values are kept as MySQL's own text
 * (zero dates, negative and >24h TIME, fractional seconds) because java.time cannot hold them.
 */
public sealed interface Value {

    /** SQL NULL. */
    enum Null implements Value { INSTANCE }

    /** Signed integer of any width up to BIGINT. */
    record Int(long value) implements Value {}

    /** Unsigned integer of any width; {@code bits} is read as unsigned 64-bit. */
    record UInt(long bits) implements Value {
        public static UInt parse(String decimal) {
            return new UInt(Long.parseUnsignedLong(decimal));
        }

        @Override
        public String toString() {
            return "UInt[" + Long.toUnsignedString(bits) + "]";
        }

        public String text() {
            return Long.toUnsignedString(bits);
        }
    }

    /** DECIMAL, kept with its scale: 1.50 stays 1.50. */
    record Decimal(BigDecimal value) implements Value {
        public Decimal {
            Objects.requireNonNull(value, "value");
            // DECIMAL(M,D) has D >= 0; a negative scale (1E+3) is the same number but would make
            // two equal column values unequal records once one of them went through plain text.
            if (value.scale() < 0) {
                value = value.setScale(0);
            }
        }
    }

    record Float32(float value) implements Value {}

    record Float64(double value) implements Value {}

    /** BIT(width): width 1..64, value's low {@code width} bits. */
    record Bit(long bits, int width) implements Value {
        public Bit {
            if (width < 1 || width > 64) {
                throw new IllegalArgumentException("BIT width must be 1..64, got " + width);
            }
            if (width < 64 && (bits >>> width) != 0) {
                throw new IllegalArgumentException("BIT(" + width + ") value has bits above its width");
            }
        }

        /** The bits as a string of 0 and 1, most significant first, exactly {@code width} long. */
        public String binary() {
            StringBuilder sb = new StringBuilder(width);
            for (int i = width - 1; i >= 0; i--) {
                sb.append(((bits >>> i) & 1) == 1 ? '1' : '0');
            }
            return sb.toString();
        }

        public static Bit ofBinary(String binary) {
            if (binary.isEmpty() || binary.length() > 64 || !binary.matches("[01]+")) {
                throw new IllegalArgumentException("BIT value must be 1 to 64 characters of 0 and 1");
            }
            return new Bit(Long.parseUnsignedLong(binary, 2), binary.length());
        }
    }

    /** CHAR, VARCHAR, TEXT in any character set, already decoded. */
    record Text(String value) implements Value {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** BINARY, VARBINARY, BLOB. */
    record Bytes(byte[] value) implements Value {
        public Bytes {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + Base64.getEncoder().encodeToString(value) + "]";
        }
    }

    /** DATE as 'YYYY-MM-DD', zero dates allowed ('0000-00-00', '2024-00-00'). */
    record Date(String text) implements Value {
        public Date {
            Temporals.requireDate(text);
        }
    }

    /** TIME as '[-]H..HHH:MM:SS[.ffffff]', range -838:59:59 to 838:59:59. */
    record Time(String text) implements Value {
        public Time {
            Temporals.requireTime(text);
        }
    }

    /** DATETIME as 'YYYY-MM-DD HH:MM:SS[.ffffff]', zero dates allowed. */
    record DateTime(String text) implements Value {
        public DateTime {
            Temporals.requireDateTime(text);
        }
    }

    /** TIMESTAMP in UTC as 'YYYY-MM-DD HH:MM:SS[.ffffff]'; '0000-00-00 00:00:00' is the zero value. */
    record Timestamp(String utcText) implements Value {
        public Timestamp {
            Temporals.requireDateTime(utcText);
        }
    }

    /** YEAR: 0 (the zero year) or 1901..2155. */
    record Year(int value) implements Value {
        public Year {
            if (value != 0 && (value < 1901 || value > 2155)) {
                throw new IllegalArgumentException("YEAR must be 0 or 1901..2155, got " + value);
            }
        }
    }

    /** ENUM by label; '' is MySQL's invalid-value label (index 0). */
    record Enum(String label) implements Value {
        public Enum {
            Objects.requireNonNull(label, "label");
        }
    }

    /** SET as MySQL prints it: labels joined by commas, '' for the empty set. */
    record Set(String labels) implements Value {
        public Set {
            Objects.requireNonNull(labels, "labels");
        }
    }

    /** JSON document as text (MySQL binary JSON is rendered to text by capture). */
    record Json(String text) implements Value {
        public Json {
            Objects.requireNonNull(text, "text");
        }
    }

    /** GEOMETRY in MySQL's internal form: 4-byte little-endian SRID followed by WKB. */
    record Geometry(byte[] value) implements Value {
        public Geometry {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Geometry g && Arrays.equals(value, g.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Geometry[" + Base64.getEncoder().encodeToString(value) + "]";
        }
    }
}
